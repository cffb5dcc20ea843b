"""Issue 12's "Done means" in a real browser: from an assigned commune plan to its 6-month evaluation.

The demo's Xã Xuân Thọ has its plan for the year under way adopted, sent up, integrated by the province into that
year's funding sources and its budget assigned (`sedp.demo.implementation`). Its planner (`thuchien`, at the office
desk) starts following the funded works, puts a photo on one, fills the first quarter's progress report on the page
and the second from the Excel template; the commune's leader (`chutichthuchien`, on a phone) approves both, the
province officer (`tinh`) accepts both and reads who has reported on the reporting-rate page; the planner then
reads the 6-month evaluation with its chart, writes its narrative and downloads it as .docx and .pdf.

Screenshots and documents go to $SEDP_SCREENSHOTS when set (else a temporary folder); the test prints where.
"""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import screenshot_folder, serve_the_demo
from tests.browser.test_commune_plan import docx_text
from tests.browser.test_village_figures import fits_the_phone, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

COMMUNE = "Xã Xuân Thọ"
YEAR = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).year
POVERTY = "Tỷ lệ hộ nghèo"
WATER = "Số hộ được dùng nước sạch"
TRAINED = "Số người được tập huấn khuyến nông"


@pytest.fixture(scope="module")
def live_server_url(tmp_path_factory):
    """The demo on a server of its own: the walk adds works and reports to it."""
    yield from serve_the_demo(tmp_path_factory)


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return screenshot_folder(tmp_path_factory, "monitoring")


def _picture(path: Path) -> None:
    """A small photo of a site: a field, a track and the sky (what a phone's camera sends, as far as the checks go)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 260, 640, 480), fill=(96, 150, 70))
    draw.polygon([(280, 260), (360, 260), (520, 480), (120, 480)], fill=(170, 130, 90))
    image.save(path, "JPEG", quality=80)


def _fill_q2(template: Path, out: Path, *, disbursed) -> None:
    """What the commune types offline in the template: each work's progress and money, the indicators."""
    from openpyxl import load_workbook

    wb = load_workbook(template)
    works, indicators = wb["Công trình"], wb["Chỉ tiêu"]
    work = -1
    for row in range(7, works.max_row + 1):
        if works.cell(row, 10).value is None:  # the totals row: no source key
            continue
        if works.cell(row, 2).value:  # a work's first row: its name, its progress
            work += 1
            works.cell(row, 7).value = 60 if work == 0 else 25
        if work == 0 and works.cell(row, 3).value == "Chương trình MTQG giảm nghèo bền vững":
            works.cell(row, 5).value = disbursed
            works.cell(row, 6).value = 120_000_000
    for row in range(7, indicators.max_row + 1):
        name = indicators.cell(row, 2).value
        if name == POVERTY:
            indicators.cell(row, 6).value, indicators.cell(row, 7).value = 110, 850
        elif name == WATER:
            indicators.cell(row, 5).value = 362
        elif name == TRAINED:
            indicators.cell(row, 5).value, indicators.cell(row, 8).value, indicators.cell(row, 9).value = (
                46,
                19,
                27,
            )
    wb["Khó khăn"]["A5"] = "Giá xi măng tăng 12% so với dự toán; hai hộ chưa đồng ý hiến đất làm đường."
    wb.save(out)


def _upload(page, path: Path) -> None:
    page.get_by_label("Tệp mẫu đã điền (.xlsx, tối đa 5 MB)").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Tải lên")).click()


def _sign_out(page, base):
    page.context.clear_cookies()
    page.goto(base + "/")


def _move(page, button: str):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_from_an_assigned_plan_through_two_quarterly_reports_to_the_6_month_evaluation(
    office, phone, live_server_url, shots, tmp_path
):
    page, base = office, live_server_url

    def shot(name: str, on=None) -> None:
        (on or page).screenshot(path=str(shots / name), full_page=True)

    # The planner finds the plan of the year under way and starts following its funded works.
    sign_in(page, base, "thuchien")
    page.locator("section.card", has_text=COMMUNE).get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name=re.compile(f"cấp xã {YEAR} — {COMMUNE}")).click()
    page.get_by_role("link", name="Theo dõi thực hiện").click()
    expect(page.get_by_role("heading", name="Theo dõi thực hiện")).to_be_visible()
    _move(page, "Bắt đầu theo dõi các công trình")
    expect(page.locator(".messages, [role=status]").first).to_contain_text("công trình")
    plan_url = page.url
    works = page.locator("tbody tr")
    assert works.count() == 6  # the six activities the province's run funded (the coffee chain's among them)
    shot("01-works.png")

    # A photo of the first work, before it starts.
    works.first.get_by_role("link").first.click()
    photo = tmp_path / "truoc-khi-thi-cong.jpg"
    _picture(photo)
    page.get_by_label("Ảnh").set_input_files(str(photo))
    page.get_by_label("Giai đoạn").select_option(label="trước")
    page.get_by_label("Chú thích").fill("Hiện trạng trước khi thi công")
    with page.expect_navigation():
        page.get_by_role("button", name="Tải ảnh lên").click()
    expect(page.locator("img[alt*='Hiện trạng trước khi thi công']")).to_be_visible()
    shot("02-work-photo.png")

    # The home page now owes the quarters' reports.
    page.goto(base + "/home/")
    expect(page.locator(".reports-due").first).to_contain_text(f"Quý 1/{YEAR}")

    # Quarter I on the page.
    page.goto(plan_url)
    page.get_by_role("link", name="Báo cáo tiến độ").first.click()
    page.get_by_label("Kỳ báo cáo").select_option("quarter")
    page.get_by_label("Tháng hoặc quý").fill("1")
    page.get_by_label("Năm").fill(str(YEAR))
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo báo cáo").click()
    q1_url = page.url
    rows = page.locator("form tbody tr")
    first = rows.first
    first.locator("input[type=number]").fill("30")
    first.get_by_label("Chương trình MTQG giảm nghèo bền vững: giải ngân").fill("80.000.000")
    first.get_by_label("Chương trình MTQG giảm nghèo bền vững: quyết toán").fill("50.000.000")
    page.get_by_label(f"{POVERTY}: tử số").fill("121")
    page.get_by_label(f"{POVERTY}: mẫu số").fill("850")
    page.get_by_label(WATER, exact=True).fill("345")
    page.locator("textarea[name=difficulties]").fill("Mưa kéo dài trong tháng 3, vật liệu về chậm.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.locator("body")).to_contain_text("Đã lưu báo cáo")
    shot("03-q1-report.png")
    _move(page, "Gửi báo cáo")
    expect(page.locator("main .badge").first).to_have_text("đã gửi, chờ lãnh đạo xã duyệt")

    # The commune's leader approves it from a phone; the province accepts it, and it locks.
    approve(phone, base, q1_url, shots / "04-q1-approved-phone.png")
    accept(page, base, q1_url)
    shot("05-q1-accepted.png")

    # Quarter II from the Excel template, filled offline: a first file with a word for a number is refused
    # naming its cell (nothing saved), the corrected one is saved; a photo of the works under way.
    sign_in(page, base, "thuchien")
    page.goto(plan_url)
    page.get_by_role("link", name="Báo cáo tiến độ").first.click()
    page.get_by_label("Kỳ báo cáo").select_option("quarter")
    page.get_by_label("Tháng hoặc quý").fill("2")
    page.get_by_label("Năm").fill(str(YEAR))
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo báo cáo").click()
    q2_url = page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo về dưới dạng mẫu Excel (.xlsx)").click()
    template = tmp_path / "bao-cao-quy-2.xlsx"
    download.value.save_as(template)
    bad, good = tmp_path / "sai.xlsx", tmp_path / "quy-2.xlsx"
    _fill_q2(template, bad, disbursed="tám mươi triệu")
    _fill_q2(template, good, disbursed=150_000_000)
    _upload(page, bad)
    expect(page.get_by_role("alert")).to_contain_text("Trang “Công trình”, dòng")
    expect(page.get_by_role("alert")).to_contain_text("không phải là số")
    shot("07-q2-excel-refused.png")
    _upload(page, good)
    expect(page.locator("body")).to_contain_text("Đã nhập từ Excel")
    poverty_inputs = page.get_by_label(f"{POVERTY}: tử số")
    expect(poverty_inputs).to_have_value("110")
    shot("08-q2-from-excel.png")
    _move(page, "Gửi báo cáo")
    page.goto(plan_url)
    page.locator("tbody tr").first.get_by_role("link").first.click()
    during = tmp_path / "dang-thi-cong.jpg"
    _picture(during)
    page.get_by_label("Ảnh").set_input_files(str(during))
    page.get_by_label("Giai đoạn").select_option(label="trong khi thi công")
    page.get_by_label("Chú thích").fill("Đang thi công, quý II")
    with page.expect_navigation():
        page.get_by_role("button", name="Tải ảnh lên").click()
    expect(page.locator("img[alt*='Đang thi công']")).to_be_visible()
    _sign_out(page, base)
    approve(phone, base, q2_url, shots / "09-q2-approved-phone.png")
    accept(page, base, q2_url)

    # The province reads who has reported the first and second quarters.
    reporting_rate(page, base, shots, 1)
    reporting_rate(page, base, shots, 2)

    # The 6-month evaluation: the indicator table, the poverty rate rebuilt from 121 of 850 households, the chart.
    sign_in(page, base, "thuchien")
    page.goto(plan_url)
    page.get_by_role("link", name="Đánh giá 6 tháng").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Đánh giá 6 tháng {YEAR} — {COMMUNE}")
    poverty = page.locator("#indicators tbody tr", has_text=POVERTY)
    expect(poverty.locator(".actual")).to_contain_text("12,94")  # 110 / 850 (quarter II), not typed
    expect(poverty.locator(".actual")).to_contain_text("110/850")
    expect(page.locator("#chart-achieved svg")).to_be_visible()
    # The chart is drawn at its own size, not stretched to the screen's width.
    assert page.locator("#chart-achieved svg").bounding_box()["width"] < 600

    # The written part, then the report as the official signs it.
    page.get_by_label("Tiến độ thực hiện").fill("Sáu tháng đầu năm, 5 công trình được cấp vốn đã khởi công.")
    page.get_by_label("Khó khăn, vướng mắc và nguyên nhân").fill("Giá xi măng tăng 12% so với dự toán.")
    page.get_by_label("Tác động đến đời sống người dân").fill("40 hộ nghèo đã có nước sạch.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu phần đánh giá").click()
    shot("10-evaluation.png")
    with page.expect_download() as download:
        page.locator("#documents").get_by_role("link", name="Word (.docx)").click()
    docx = shots / "danh-gia-6-thang.docx"
    download.value.save_as(docx)
    text = docx_text(docx.read_bytes())
    assert "BÁO CÁO" in text and "6 tháng" in text and COMMUNE.upper() in text.upper()
    assert POVERTY in text and "Giá xi măng tăng 12% so với dự toán." in text
    with page.expect_download() as download:
        page.locator("#documents").get_by_role("link", name="PDF").click()
    pdf = shots / "danh-gia-6-thang.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")


def approve(phone, base, url, path):
    sign_in(phone, base, "chutichthuchien")
    phone.goto(url)
    _move(phone, "Phê duyệt")
    expect(phone.locator("main .badge").first).to_have_text("lãnh đạo xã đã duyệt")
    fits_the_phone(phone)
    phone.screenshot(path=str(path), full_page=True)
    _sign_out(phone, base)


def accept(page, base, url):
    _sign_out(page, base)
    sign_in(page, base, "tinh")
    page.goto(url)
    _move(page, "Tiếp nhận")
    expect(page.locator("main .badge").first).to_have_text("cấp trên đã chấp nhận")
    expect(page.locator("main")).to_contain_text("đã khóa")
    _sign_out(page, base)


def reporting_rate(page, base, shots, quarter: int):
    """The province officer reads who has reported the quarter: Xã Xuân Thọ late (it reported in December)."""
    sign_in(page, base, "tinh")
    page.get_by_role("link", name="Các đơn vị đã gửi báo cáo tiến độ quý này").first.click()
    page.locator("select[name=kind]").select_option("quarter")
    page.locator("input[name=period]").fill(str(quarter))
    page.locator("input[name=year]").fill(str(YEAR))
    with page.expect_navigation():
        page.get_by_role("button", name="Xem").click()
    row = page.locator("tbody tr", has_text=COMMUNE)
    expect(row).to_contain_text("muộn")
    expect(page.locator("main")).to_contain_text("Tỷ lệ báo cáo")
    page.screenshot(path=str(shots / f"rate-q{quarter}.png"), full_page=True)
    _sign_out(page, base)
