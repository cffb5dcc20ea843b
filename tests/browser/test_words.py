"""In a real browser: the browser never answers a form with its own English bubble; the server's Vietnamese
message, naming the field, is what the village head reads, and a date that does not exist is called so."""

import re

import pytest
from playwright.sync_api import expect

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


def test_a_form_sent_by_htmx_that_the_server_refuses_says_why_and_keeps_the_text(page, live_server_url):
    page.goto(live_server_url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("tinh")  # the demo's cycles are the province's
    page.get_by_label("Mật khẩu").fill("demo-opensedp")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/home/$"))
    page.goto(live_server_url + "/cycles/")
    cycles = [a.get_attribute("href") for a in page.locator("main a[href^='/cycles/']").all()]
    for href in cycles:
        page.goto(live_server_url + href)
        if page.locator("a[hx-get*='/milestones/']").count():
            break
    else:
        pytest.fail("no cycle the province officer may edit")
    page.locator("a[hx-get*='/milestones/']").first.click()
    note = page.locator("main form input[name='note']")
    note.wait_for()

    # More than the server reads at once (10 MB): the page says so above the form, and the text stays.
    note.evaluate("el => { el.value = 'x'.repeat(11 * 1024 * 1024); }")
    page.locator("main form button[type='submit']").click(no_wait_after=True)  # 11 MB take a while to send
    alert = page.locator(".request-error")
    alert.wait_for()
    assert alert.inner_text().startswith("Nội dung quá lớn, không gửi được một lần: Chưa lưu gì")
    assert note.evaluate("el => el.value.length") == 11 * 1024 * 1024

    # No connection: said in Vietnamese, the text still there.
    note.fill("ghi chú")
    page.route("**/milestones/**", lambda route: route.abort())
    page.locator("main form button[type='submit']").click()
    # (a locator, not wait_for_function: polling a string predicate needs eval, which the page's CSP forbids)
    expect(alert).to_contain_text("Không kết nối")
    assert note.input_value() == "ghi chú"
