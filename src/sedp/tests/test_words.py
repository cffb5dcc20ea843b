"""What a commune official or a village head reads when something goes wrong: a date that does not exist, a text
too long, a page they may not open, a server error, an expired form. Vietnamese, naming the field, keeping what
was typed, with the way back."""

import html
import re

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

from sedp.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def _meeting_form(**fields):
    return {
        "kind": "village_meeting_1",
        "date": "12/05/2026",
        "time": "08:00",
        "place": "Nhà văn hóa buôn",
        "chair_role": "head",
        **fields,
    }


def _page(response):
    return html.unescape(response.content.decode())


def test_a_date_that_does_not_exist_is_called_so_and_nothing_is_saved(head_client, units):
    before = Meeting.objects.count()
    response = head_client.post(f"/meetings/unit/{units.ea_kmat.pk}/new/", _meeting_form(date="31/02/2026"))
    page = _page(response)
    assert response.status_code == 200
    assert "Ngày 31/02/2026 không có thật" in page
    assert "dd/mm/yyyy, ví dụ" not in page.split("Ngày 31/02/2026 không có thật")[1][:200]
    assert 'value="31/02/2026"' in page and "Nhà văn hóa buôn" in page
    assert Meeting.objects.count() == before


@pytest.mark.parametrize("typed", ["29/02/2027", "5/13/2026", "00/01/2026"])
def test_other_impossible_dates(typed):
    from sedp.meetings.fields import date_field

    field = date_field("Hạn chót")
    with translation.override("vi"), pytest.raises(Exception) as exc:
        field.clean(typed)
    day, month, year = typed.split("/")
    assert exc.value.messages == [f"Ngày {int(day):02d}/{int(month):02d}/{year} không có thật (“Hạn chót”)."]


def test_a_date_in_the_wrong_shape_still_asks_for_dd_mm_yyyy():
    from sedp.meetings.fields import date_field

    with translation.override("vi"), pytest.raises(Exception) as exc:
        date_field("Hạn chót").clean("mai")
    assert "dd/mm/yyyy" in exc.value.messages[0]


def test_five_megabytes_of_minutes_come_back_as_a_form_error_with_the_limit_and_the_text_kept(
    head_client, units
):
    minutes = "Biên bản họp thôn. " * (5 * 1024 * 1024 // 20)
    before = Meeting.objects.count()
    response = head_client.post(f"/meetings/unit/{units.ea_kmat.pk}/new/", _meeting_form(minutes=minutes))
    page = _page(response)
    assert response.status_code == 200
    assert "“Biên bản” quá dài: tối đa 10.000 ký tự." in page
    assert minutes.strip() in page  # what was typed is in the text area again
    assert 'maxlength="10000"' not in page  # the browser does not cut a paste silently
    assert Meeting.objects.count() == before


@pytest.mark.parametrize("debug", [False, True])
def test_a_form_larger_than_the_server_reads_says_so_in_vietnamese_not_bad_request(
    head_client, units, settings, debug
):
    settings.DEBUG = debug  # `make demo` runs with DEBUG, whose technical page would show otherwise
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = head_client.post(
        f"/meetings/unit/{units.ea_kmat.pk}/new/", _meeting_form(minutes="x" * (2 * 1024 * 1024))
    )
    page = _page(response)
    assert response.status_code == 413
    assert "Nội dung quá lớn, không gửi được một lần" in page
    assert "tối đa 1 MB" in page and "10.000 ký tự" in page
    assert "Nội dung bạn nhập chưa mất" in page and 'href="/home/"' in page
    assert "Bad Request" not in page


def test_the_page_not_found_is_vietnamese_with_the_way_back(client, settings):
    settings.DEBUG = False
    response = client.get("/plans/999999/")
    page = _page(response)
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in page and "Not Found" not in page
    assert 'href="/"' in page and "/accounts/login/?next=/plans/999999/" in page


def test_a_refusal_says_what_the_person_may_do_instead(village_head, settings):
    settings.DEBUG = False
    request = RequestFactory().get("/plans/commune/1/")
    request.user = village_head
    with translation.override("vi"):
        response = defaults.permission_denied(request, PermissionError())
    page = _page(response)
    assert response.status_code == 403
    assert "<h1>Không được phép</h1>" in page and "Forbidden" not in page
    assert "Bạn có thể: nhờ người phụ trách việc này làm" in page
    assert 'href="/home/"' in page


def test_a_server_error_is_vietnamese_with_the_way_home(settings):
    settings.DEBUG = False
    with translation.override("vi"):
        response = defaults.server_error(RequestFactory().get("/"))
    page = _page(response)
    assert response.status_code == 500
    assert "<h1>Đã có lỗi</h1>" in page and "Server Error" not in page and 'href="/"' in page


def test_an_expired_form_is_explained_in_vietnamese(village_head, units, settings):
    from django.test import Client

    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(village_head)
    response = client.post(f"/meetings/unit/{units.ea_kmat.pk}/new/", _meeting_form())
    page = _page(response)
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in page and "CSRF verification failed" not in page


def test_every_form_leaves_validation_to_the_server_so_no_english_bubble_shows(head_client, units):
    page = head_client.get(f"/meetings/unit/{units.ea_kmat.pk}/new/").content.decode()
    forms = re.findall(r"<form\b[^>]*>", page)
    assert len(forms) >= 3  # the language switch, sign-out and the meeting form
    assert all(" novalidate>" in f for f in forms), forms


def test_the_page_title_names_the_page_once_then_the_site(client, head_client):
    assert "<title>openSEDP</title>" in client.get("/").content.decode()
    assert "<title>Trang chủ · openSEDP</title>" in head_client.get("/home/").content.decode()
