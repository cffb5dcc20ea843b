"""Village forms in a real browser: what was typed is kept as a draft until the server saves it, and dropped
then, whichever page the save leads to; a sub-group or a finding entered wrongly is corrected on its own page."""

import re

import pytest

pytestmark = pytest.mark.browser


def sign_in(page, url):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("truongbuon")
    page.get_by_label("Mật khẩu").fill("demo-opensedp")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/home/$"))


def new_working_group(page):
    page.get_by_role("link", name="Lập kế hoạch thôn, buôn").click()
    page.get_by_role("link", name="Cuộc họp mới").click()
    page.get_by_label("Loại cuộc họp").select_option("working_group")
    page.get_by_label("Người chủ trì", exact=True).fill("Y Bhim Mlô")
    page.get_by_label("Người chủ trì là").select_option("other")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/attendance/$"))
    page.goto(page.url.replace("attendance/", ""))
    return page.url


def test_a_saved_sub_group_does_not_come_back_in_the_next_form_and_can_be_corrected(page, live_server_url):
    sign_in(page, live_server_url)
    meeting_url = new_working_group(page)

    page.get_by_role("link", name="Thêm nhóm").click()
    page.get_by_label("Nhóm", exact=True).fill("Nhóm phụ nữ")
    page.get_by_label("Nhóm trưởng").fill("H'Hoa Niê")
    page.get_by_label("Chủ đề").fill("Nước sạch")
    page.get_by_label("Cây vấn đề").check()
    page.get_by_label("Nhóm phụ nữ").last.check()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(meeting_url)

    # The next sub-group starts from an empty form: nothing of the saved one is "restored".
    page.get_by_role("link", name="Thêm nhóm").click()
    assert page.locator(".draft-note").count() == 0
    assert page.get_by_label("Nhóm", exact=True).input_value() == ""
    assert page.get_by_label("Nhóm trưởng").input_value() == ""
    assert not page.get_by_label("Cây vấn đề").is_checked()
    assert not page.get_by_label("Nhóm phụ nữ").last.is_checked()

    # A draft not saved yet survives a reload (what drafts are for).
    page.get_by_label("Nhóm", exact=True).fill("Nhóm chăn nuôi")
    page.reload()
    assert page.get_by_label("Nhóm", exact=True).input_value() == "Nhóm chăn nuôi"
    assert page.locator(".draft-note").count() == 1

    # The first sub-group was not a women's group after all: it is corrected on its own page.
    page.goto(meeting_url)
    page.get_by_role("link", name="Sửa nhóm “Nhóm phụ nữ”").click()
    assert page.get_by_label("Nhóm trưởng").input_value() == "H'Hoa Niê"
    page.get_by_label("Nhóm", exact=True).fill("Nhóm nước sạch")
    page.get_by_label("Nhóm phụ nữ").last.uncheck()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(meeting_url)
    card = page.locator(".card", has_text="Nhóm nước sạch")
    assert "nhóm phụ nữ" not in card.inner_text().lower()

    # A finding is corrected the same way, and its form does not come back filled either.
    page.get_by_role("link", name="Thêm kết quả đánh giá").click()
    page.get_by_label("Nhóm", exact=True).select_option(label="Nhóm nước sạch")
    page.get_by_label("Lĩnh vực").select_option(index=1)
    page.get_by_label("Thực trạng").fill("Giếng ô nhiễm")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(meeting_url)
    page.get_by_role("link", name="Thêm kết quả đánh giá").click()
    assert page.get_by_label("Thực trạng").input_value() == ""
    assert page.locator(".draft-note").count() == 0
    page.goto(meeting_url)
    page.get_by_role("link", name="Sửa kết quả đánh giá").first.click()
    page.get_by_label("Thực trạng").fill("Giếng nước ô nhiễm, không có nắp")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(meeting_url)
    assert "Giếng nước ô nhiễm, không có nắp" in page.locator("main").inner_text()
