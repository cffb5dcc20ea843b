"""Two people on the same need in real browsers: a draft typed against the page as it was before the other saved
comes back after a reload with the version it was typed against, so its save is refused with both versions shown
instead of putting the older figures back."""

import re

import pytest

from tests.browser.conftest import serve_the_demo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server_url(tmp_path_factory):
    """A server of its own: the walk adds a need to Buôn Ea Kmát, which the village walk expects empty."""
    yield from serve_the_demo(tmp_path_factory)


def signed_in(browser, url, username):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo-opensedp")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/home/$"))
    return page


def test_a_draft_typed_before_someone_else_saved_does_not_overwrite_it(browser, live_server_url):
    head = signed_in(browser, live_server_url, "truongbuon")
    head.get_by_role("link", name="Lập kế hoạch thôn, buôn").click()
    head.get_by_role("link", name="Nhu cầu", exact=True).click()
    needs_url = head.url
    head.get_by_role("link", name="Thêm nhu cầu").click()
    head.get_by_label("Tên hoạt động").fill("Sửa đập dâng Ea Kmát")
    head.get_by_label("Lĩnh vực").select_option(index=1)
    head.get_by_label("Kinh phí dự kiến (đồng)").fill("300.000.000")
    head.get_by_role("button", name="Lưu", exact=True).click()
    head.wait_for_url(needs_url)
    head.get_by_role("link", name="Sửa đập dâng Ea Kmát").click()
    edit_url = head.url
    head.get_by_label("Địa điểm").fill("Đầu buôn, gần suối")  # kept as a draft in this browser

    group = signed_in(browser, live_server_url, "tocongtac")
    group.goto(edit_url)
    group.get_by_label("Kinh phí dự kiến (đồng)").fill("999.000.000")
    group.get_by_role("button", name="Lưu").click()
    group.wait_for_url(needs_url)

    head.reload()  # the draft comes back, with the version it was typed against
    assert head.locator(".draft-note").count() == 1
    assert head.get_by_label("Địa điểm").input_value() == "Đầu buôn, gần suối"
    head.get_by_role("button", name="Lưu").click()

    alert = head.get_by_role("alert")
    assert re.search(
        r"Nội dung đã được H'Len Niê sửa lúc \d\d:\d\d \d\d/\d\d/\d{4}; hãy xem lại", head.content()
    )
    assert "999.000.000" in alert.inner_text()
    head.goto(needs_url)
    assert "999.000.000" in head.content()  # the other's figure was not put back
