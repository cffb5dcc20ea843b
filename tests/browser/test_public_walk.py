"""Issue 14's "Done means" in a real browser: an anonymous visitor on a 360-px phone finds Buôn Ea Kmát from the
home page (by a name typed without diacritics, and by browsing), reads what happened to each of its needs, goes
up to Phường Ea Kao, downloads the ward's plan and the open-data ZIP, and prints the A4 notice. axe-core (vendored
from the npm registry, tests/browser/vendor) finds no WCAG 2.2 AA violation on any public page; the same reading
works with JavaScript turned off. The page weights (bytes over the wire, gzip) are printed.

The server is a demo of its own in which Phường Ea Kao has decided its villages' needs and adopted its plan
through the consultation's steps (`sedp.opendata.world`), which published the open data."""

import io
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path

import pytest

from tests.browser.conftest import serve_the_demo
from tests.browser.test_commune_plan import docx_text

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SHOTS = os.environ.get("SEDP_SCREENSHOTS") or tempfile.mkdtemp(prefix="sedp-public-")
BUILD = (
    "from django.utils import timezone; from sedp.core.calendar import planning_year; "
    "from sedp.opendata import world; world.build(planning_year(timezone.localdate()))"
)


@pytest.fixture(scope="module")
def live_server_url(tmp_path_factory):
    """The demo with Ea Kao's plan adopted and published, on a server of its own."""
    yield from serve_the_demo(tmp_path_factory, setup=BUILD)


@pytest.fixture
def visitor(browser, live_server_url):
    """An anonymous visitor on a phone; the page's CSP is bypassed only so that axe-core can be injected."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", bypass_csp=True, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def no_violations(page, name: str) -> None:
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        WCAG,
    )
    assert violations == [], f"{name}: {json.dumps(violations, ensure_ascii=False, indent=1)}"
    assert page.evaluate("document.documentElement.lang") == "vi", name
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{name} is wider than the phone"
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def weight(page) -> tuple[int, int]:
    """(bytes over the wire, bytes decoded) of the page's HTML, from the browser's own timing entry."""
    entry = page.evaluate(
        "() => { const e = performance.getEntriesByType('navigation')[0]; "
        "return [e.transferSize, e.encodedBodySize, e.decodedBodySize]; }"
    )
    return entry[1], entry[2]


def test_an_anonymous_visitor_finds_the_village_reads_its_needs_downloads_and_prints(
    visitor, live_server_url
):
    page, base = visitor, live_server_url
    weights = {}

    page.goto(base + "/")
    expect(page.get_by_role("link", name="Đăng nhập").first).to_be_visible()  # nobody is signed in
    no_violations(page, "home")
    weights["home"] = weight(page)

    # By name, typed as on a phone without Vietnamese keyboard.
    page.get_by_label("Tìm tỉnh, xã hoặc thôn của bạn (gõ có dấu hoặc không dấu)").fill("buon ea kmat")
    page.get_by_role("button", name="Tìm").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=buon\+ea\+kmat"))
    no_violations(page, "search")
    weights["search"] = weight(page)
    page.get_by_role("link", name="Buôn Ea Kmát").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Buôn Ea Kmát")
    no_violations(page, "village")
    weights["village"] = weight(page)

    # What happened to each need: every row says it in words; the Part 2 needs name the ward's plan.
    needs = page.locator("#needs table.needs tbody tr")
    expect(needs).to_have_count(6)
    for i in range(6):
        assert needs.nth(i).locator("td.fate").inner_text().strip()
    expect(page.locator("#needs")).to_contain_text("Đưa vào kế hoạch của Phường Ea Kao: hoạt động")
    expect(page.locator("#needs")).to_contain_text(
        "Gộp với nhu cầu tương tự của Buôn Ea Kao, Buôn H'Drát, Buôn Kô Tam"
    )
    expect(page.locator("#needs")).to_contain_text(
        "Cùng một việc với ba buôn khác: phường hỗ trợ chung một đợt"
    )
    expect(page.locator("#needs")).to_contain_text("Thôn tự thực hiện (Phần 1 của kế hoạch thôn)")

    # Up to the ward, by the trail at the top; its plan, the documents, the open data.
    page.get_by_role("navigation", name="Vị trí của trang").get_by_role("link", name="Phường Ea Kao").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Ea Kao")
    no_violations(page, "commune")
    weights["commune"] = weight(page)
    expect(page.locator("#needs")).to_contain_text("Buôn Ea Kmát")
    with page.expect_download() as got:
        page.get_by_role("link", name="kế hoạch (.docx)").click()
    plan_text = docx_text(Path(got.value.path()).read_bytes())
    assert "Phường Ea Kao" in plan_text or "PHƯỜNG EA KAO" in plan_text
    assert "Sửa chữa kênh mương nội đồng Buôn Ea Kmát" in plan_text
    got.value.save_as(os.path.join(SHOTS, got.value.suggested_filename))
    with page.expect_download() as got:
        page.get_by_role("link", name="Dữ liệu mở (CSV, ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(got.value.path()).read_bytes()))
    package = json.loads(archive.read("datapackage.json"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    needs_csv = archive.read("needs.csv")
    assert needs_csv.startswith(b"\xef\xbb\xbf") and "Buôn Ea Kmát" in needs_csv.decode("utf-8-sig")
    got.value.save_as(os.path.join(SHOTS, got.value.suggested_filename))

    # The notice for the ward's board: A4, large type, nothing on it but the notice when printed.
    page.get_by_role("link", name="Thông báo để niêm yết (khổ A4, in)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo công khai")
    no_violations(page, "notice")
    weights["notice"] = weight(page)
    page.emulate_media(media="print")
    expect(page.locator(".toolbar")).to_be_hidden()
    assert float(page.evaluate("getComputedStyle(document.body).fontSize").rstrip("px")) >= 18  # 14 pt
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    Path(SHOTS, "notice-printed.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")

    # The province, and the open data page.
    page.goto(base + "/")
    page.locator("#provinces summary").click()
    page.locator("#provinces").get_by_role("link", name="Tỉnh Đắk Lắk", exact=True).click()
    expect(page.locator("#children")).to_contain_text("Phường Ea Kao")
    no_violations(page, "province")
    weights["province"] = weight(page)
    page.goto(base + "/open-data/")
    no_violations(page, "open-data")
    weights["open data"] = weight(page)

    print(f"\npage weights (HTML over the wire, gzip; screenshots and downloads in {SHOTS}):")
    for name, (wire, decoded) in weights.items():
        print(f"  {name:10} {decoded / 1024:6.1f} KB → {wire / 1024:5.1f} KB")
        assert wire < 30 * 1024, name


def test_it_reads_the_same_without_javascript(browser, live_server_url):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server_url + "/")
    page.get_by_label("Tìm tỉnh, xã hoặc thôn của bạn (gõ có dấu hoặc không dấu)").fill("ea kao")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Phường Ea Kao").click()
    expect(page.locator("#needs")).to_contain_text("Buôn Ea Kmát")
    page.get_by_role("link", name="Buôn Ea Kmát").first.click()
    expect(page.locator("#needs")).to_contain_text("Đưa vào kế hoạch của Phường Ea Kao")
    context.close()
