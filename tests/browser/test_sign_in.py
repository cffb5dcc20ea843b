"""In a real browser on a 360-px screen: the commune demo user signs in and sees the home page in Vietnamese."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_the_commune_planner_signs_in_and_sees_the_home_page_in_vietnamese(page, live_server_url):
    page.goto(live_server_url + "/")
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_label("Tên đăng nhập").fill("canboxa")
    page.get_by_label("Mật khẩu").fill("demo-opensedp")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/home/$"))
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == "Xin chào, Nguyễn Thị Hoa"
    card = page.locator("section.card", has_text="Phường Ea Kao")
    assert "Giai đoạn hiện tại:" in card.inner_text()
    assert "Kế hoạch năm" in card.inner_text()
    # Nothing wider than the phone: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_wrong_password_is_refused_in_vietnamese(page, live_server_url):
    page.goto(live_server_url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canboxa")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "Sai tên đăng nhập hoặc mật khẩu." in page.locator("main").inner_text()
    assert page.get_by_label("Tên đăng nhập").input_value() == "canboxa"


def test_english_can_be_chosen(page, live_server_url):
    page.goto(live_server_url + "/places/")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Administrative units"
