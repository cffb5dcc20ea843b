"""In a real browser: the browser never answers a form with its own English bubble; the server's Vietnamese
message, naming the field, is what the village head reads, and a date that does not exist is called so."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_a_village_head_reads_the_servers_vietnamese_messages_not_the_browsers(page, live_server_url):
    page.goto(live_server_url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("truongbuon")
    page.get_by_label("Mật khẩu").fill("demo-opensedp")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/home/$"))
    page.locator("a[href^='/meetings/unit/']").first.click()
    page.get_by_role("link", name="Cuộc họp mới").click()
    form = page.locator("main form").first
    assert form.evaluate("f => f.noValidate")

    # A required field left empty: the form is sent, and the answer is Vietnamese.
    page.get_by_label("Ngày", exact=True).fill("")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa buôn")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Cần nhập “Ngày”." in page.locator("main").inner_text()
    assert page.get_by_label("Địa điểm").input_value() == "Nhà văn hóa buôn"

    page.get_by_label("Ngày", exact=True).fill("31/02/2026")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Ngày 31/02/2026 không có thật (“Ngày”)." in page.locator("main").inner_text()
    assert page.get_by_label("Ngày", exact=True).input_value() == "31/02/2026"
    page.screenshot(path="/tmp/words-date.png", full_page=True)
