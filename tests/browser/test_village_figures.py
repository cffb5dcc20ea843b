"""Biểu 1/2 in a real browser: the head of Buôn Ea Kmát, on a 360-px phone, goes from the village's plans page to its
figures, sees last year's values beside the inputs and the measures still missing, types numbers the Vietnamese
way (a bad one is named and kept), saves; the commune planner then sees Buôn Ea Kmát counted and the villages still
missing figures."""

import os
import re

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

PASSWORD = "demo-opensedp"
SHOTS = os.environ.get("SEDP_SCREENSHOTS")  # a folder to keep the pages' screenshots in, to look at them


def sign_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/home/$"))


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def test_a_village_head_enters_the_figures_on_a_phone(page, browser, live_server_url):
    sign_in(page, live_server_url, "truongbuon")
    page.get_by_role("link", name="Lập kế hoạch thôn, buôn").click()
    unit_pk = re.search(r"/meetings/unit/(\d+)/", page.url)[1]
    page.goto(f"{live_server_url}/plans/unit/{unit_pk}/")
    page.get_by_role("link", name=re.compile(r"Biểu 1, 2: số liệu của thôn")).click()
    page.wait_for_url(re.compile(r"/figures/\d{4}/$"))
    year = int(re.search(r"/figures/(\d{4})/$", page.url)[1])
    expect(page.locator("h1")).to_contain_text(f"Số liệu Biểu 1, 2 năm {year}")
    expect(page.locator("#missing h2")).to_have_text("Còn thiếu 18/18 chỉ tiêu")
    households = page.locator("#bieu1 .field", has_text="Tổng số hộ")
    expect(households).to_contain_text(f"Năm {year - 1}:")
    fits_the_phone(page)
    shot(page, "figures-village-empty.png")

    page.get_by_label("Tổng số hộ").fill("1.250")
    page.get_by_label("Diện tích lúa nước").fill("mười")
    poverty = page.locator("#bieu2 fieldset", has_text="Tỷ lệ hộ nghèo")
    poverty.get_by_label("Hiện trạng").fill("10,5")
    poverty.get_by_label("Kế hoạch").fill("8,5")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator("#bieu1")).to_contain_text(
        "“Diện tích lúa nước”: hãy nhập một số từ 0 trở lên, ví dụ 10,5 hoặc 1.250."
    )
    expect(page.get_by_label("Diện tích lúa nước")).to_have_value("mười")
    expect(page.get_by_label("Tổng số hộ")).to_have_value("1.250")
    fits_the_phone(page)
    shot(page, "figures-village-error.png")

    page.get_by_label("Diện tích lúa nước").fill("12,75")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu số liệu (3 chỉ tiêu thay đổi).")
    expect(page.locator("#missing h2")).to_have_text("Còn thiếu 15/18 chỉ tiêu")
    expect(page.get_by_label("Diện tích lúa nước")).to_have_value("12,75")
    fits_the_phone(page)
    shot(page, "figures-village-saved.png")

    desk = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN").new_page()
    sign_in(desk, live_server_url, "canboxa")
    desk.locator("section.card", has_text="Phường Ea Kao").get_by_role(
        "link", name="Kế hoạch", exact=True
    ).click()
    desk.get_by_role("link", name=re.compile(r"Biểu 1, 2: số liệu của các thôn")).click()
    desk.wait_for_url(re.compile(rf"/figures/{year}/$"))
    expect(desk.locator("#villages h2")).to_have_text("Thôn, buôn đã nhập đủ số liệu: 6/9")
    row = desk.locator("#villages li", has_text="Buôn Ea Kmát")
    expect(row).to_contain_text("3/18 chỉ tiêu đã nhập")
    expect(row).to_contain_text("còn thiếu 15 chỉ tiêu")
    expect(desk.locator("#villages li", has_text="Thôn 3")).to_contain_text("chưa nhập gì")
    fits_the_phone(desk)
    shot(desk, "figures-commune.png")
    desk.context.close()
