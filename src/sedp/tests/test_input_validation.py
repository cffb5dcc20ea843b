"""Every form validates what a person types (issue 16 §7): a text longer than its field is refused naming the
field, not stored or answered with a 500; typed text is brought to NFC, so an NFD "Thủy lợi nội đồng" from a phone
and an NFC one from a computer are one entry; text-direction and control characters are refused in names; a
double tap on "new need" / "new meeting" makes one; a unit's needs page is planning data an outsider cannot see."""

import importlib
import pkgutil
import unicodedata

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

import sedp
from sedp.meetings.fields import UserTextField
from sedp.meetings.models import Meeting
from sedp.needs.models import Need, PraTool, Sector
from sedp.tests.threads import clients, outcomes, race

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
NFC = "Thủy lợi nội đồng"
NFD = unicodedata.normalize("NFD", NFC)
RLO = "\u202e"


def _all_forms() -> list[type]:
    for info in pkgutil.walk_packages(sedp.__path__, "sedp."):
        if info.name.endswith(".forms") and ".tests" not in info.name:
            importlib.import_module(info.name)
    importlib.import_module("sedp.accounts.views")  # its sign-in forms

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return sorted({c for c in below(forms.BaseForm) if c.__module__.startswith("sedp.")}, key=str)


# Text inputs that are not free text a person writes: a page's own hidden tokens, a password, a TOTP code
# (digits), amounts and percentages (parsed as numbers), and consultation's note (that app is another helper's).
NOT_TYPED_TEXT = {
    "sedp.accounts.views",
    "sedp.consultation.forms.FreezeForm.note",
    "sedp.consultation.forms.MoveForm.note",
}


def _typed_text_fields():
    for form in _all_forms():
        for name, field in form.base_fields.items():
            where = f"{form.__module__}.{form.__qualname__}.{name}"
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput):
                continue
            if type(field).__name__ in ("VNDField", "PercentField") or any(
                where.startswith(p) for p in NOT_TYPED_TEXT
            ):
                continue
            yield where, field


def test_every_typed_text_of_every_form_is_checked_and_has_a_limit():
    found = dict(_typed_text_fields())
    assert len(found) > 80  # the walk did find the project's forms
    unchecked = [w for w, f in found.items() if not isinstance(f, UserTextField)]
    assert unchecked == []
    assert [w for w, f in found.items() if f.max_length is None] == []


def _error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


@pytest.fixture
def own_sector(units, village_head):
    return Sector.objects.create(unit=units.ea_kmat, name="Chăn nuôi dê", order=100)


def test_the_rename_route_refuses_a_name_longer_than_its_field(head_client, own_sector):
    response = head_client.post(f"/needs/lists/sector/{own_sector.pk}/rename/", {"name": "x" * 10_000}, **VI)
    assert response.status_code == 302
    assert _error_messages(response) == ["“Tên” quá dài."]
    own_sector.refresh_from_db()
    assert own_sector.name == "Chăn nuôi dê"


def test_the_rename_route_refuses_a_text_direction_character_naming_the_field(head_client, own_sector):
    response = head_client.post(
        f"/needs/lists/sector/{own_sector.pk}/rename/", {"name": f"Chăn nuôi{RLO}dê"}, **VI
    )
    (error,) = _error_messages(response)
    assert error.startswith("“Tên” chứa ký tự không lưu được (U+202E")
    own_sector.refresh_from_db()
    assert own_sector.name == "Chăn nuôi dê"


def test_an_nfd_and_an_nfc_name_are_one_entry(head_client, units):
    url = f"/needs/unit/{units.ea_kmat.pk}/lists/"
    head_client.post(url, {"what": "tool", "name": NFC})
    head_client.post(url, {"what": "tool", "name": NFD})
    assert list(PraTool.objects.filter(unit=units.ea_kmat).values_list("name", flat=True)) == [NFC]


def test_an_nfd_rename_is_stored_as_nfc_and_found_as_the_same_name(head_client, units, own_sector):
    other = Sector.objects.create(unit=units.ea_kmat, name=NFC, order=100)
    response = head_client.post(f"/needs/lists/sector/{own_sector.pk}/rename/", {"name": NFD}, **VI)
    assert _error_messages(response) == [f"“{NFC}” đã có trong danh mục."]
    own_sector.refresh_from_db()
    assert own_sector.name == "Chăn nuôi dê" and other.name == NFC


def test_adding_to_a_list_says_why_it_was_refused(head_client, units):
    response = head_client.post(
        f"/needs/unit/{units.ea_kmat.pk}/lists/", {"what": "sector", "name": "y" * 201}, **VI
    )
    assert _error_messages(response) == ["“Tên” quá dài."]
    assert not Sector.objects.filter(unit=units.ea_kmat).exists()


def _need(**extra):
    return {
        "title": "Sửa cầu treo",
        "sector": Sector.objects.filter(unit__isnull=True).first().pk,
        "kind": "construction",
        **extra,
    }


def test_a_need_title_with_a_text_direction_character_is_refused_and_kept_on_the_page(head_client, units):
    response = head_client.post(
        f"/needs/unit/{units.ea_kmat.pk}/new/", _need(title=f"Sửa cầu{RLO}treo", place="Buôn\x00Ea"), **VI
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“Tên hoạt động” chứa ký tự không lưu được (U+202E" in page
    assert "“Địa điểm” chứa ký tự không lưu được (U+0000" in page
    assert not Need.objects.filter(unit=units.ea_kmat, title__startswith="Sửa cầu").exists()


def test_a_need_typed_in_nfd_is_saved_in_nfc(head_client, units):
    head_client.post(f"/needs/unit/{units.ea_kmat.pk}/new/", _need(title=NFD, place=NFD))
    need = Need.objects.get(unit=units.ea_kmat, title=NFC)
    assert need.place == NFC


def test_line_breaks_stay_in_a_text_area_but_not_in_a_name(head_client, units, village):
    meeting = village["wg"]
    group = meeting.subgroups.first()
    response = head_client.post(
        f"/needs/meeting/{meeting.pk}/findings/new/",
        {
            "subgroup": group.pk,
            "sector": Sector.objects.filter(unit__isnull=True).first().pk,
            "situation": "Kênh bồi lấp\r\n\tđoạn đầu buôn",
        },
    )
    assert response.status_code == 302
    assert group.findings.filter(situation="Kênh bồi lấp\r\n\tđoạn đầu buôn").exists()
    response = head_client.post(
        f"/needs/meeting/{meeting.pk}/subgroups/new/",
        {"name": "Nhóm\n3", "leader": "Y Kông", "theme": "Sản xuất"},
        **VI,
    )
    assert "“Nhóm” chứa ký tự không lưu được (U+000A" in response.content.decode()


# --- a double tap on a slow phone makes one need, one meeting --------------------------------------------------


def _form_data(response, **typed) -> dict:
    form = response.context["form"]
    return {**{f.html_name: f.value() or "" for f in form.hidden_fields()}, **typed}


def test_a_new_need_sent_twice_makes_one_need(head_client, units):
    url = f"/needs/unit/{units.ea_kmat.pk}/new/"
    data = _form_data(head_client.get(url), **_need(title="Giếng khoan cụm 3"))
    first, second = head_client.post(url, data), head_client.post(url, data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert Need.objects.filter(unit=units.ea_kmat, title="Giếng khoan cụm 3").count() == 1
    # A new page gives a new token: the same need typed again on it is a second need, as asked.
    head_client.post(url, _form_data(head_client.get(url), **_need(title="Giếng khoan cụm 3")))
    assert Need.objects.filter(unit=units.ea_kmat, title="Giếng khoan cụm 3").count() == 2


MEETING = {"kind": "village_meeting_1", "date": "12/05/2026", "time": "08:00", "chair_role": "head"}


def test_a_new_meeting_sent_twice_makes_one_meeting(head_client, units):
    url = f"/meetings/unit/{units.ea_kmat.pk}/new/"
    data = _form_data(head_client.get(url), **MEETING, place="Nhà rông buôn")
    first, second = head_client.post(url, data), head_client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Meeting.objects.filter(unit=units.ea_kmat, place="Nhà rông buôn").count() == 1


N = 20


def _head():
    return get_user_model().objects.get(username="truongbuon")


def test_twenty_identical_new_needs_at_once_make_one(shared_db):
    from sedp.places.models import Unit

    unit = Unit.objects.get(level="village", name="Buôn Ea Kmát")
    browsers = clients([_head()] * N)
    url = f"/needs/unit/{unit.pk}/new/"
    data = _form_data(browsers[0].get(url), **_need(title="Đường vào khu sản xuất"))

    responses = race(N, lambda i: browsers[i].post(url, data))

    assert outcomes(responses) == {302: N}
    assert Need.objects.filter(unit=unit, title="Đường vào khu sản xuất").count() == 1


def test_twenty_identical_new_meetings_at_once_make_one(shared_db):
    from sedp.places.models import Unit

    unit = Unit.objects.get(level="village", name="Buôn Ea Kmát")
    browsers = clients([_head()] * N)
    url = f"/meetings/unit/{unit.pk}/new/"
    data = _form_data(browsers[0].get(url), **MEETING, place="Hội trường thôn")

    responses = race(N, lambda i: browsers[i].post(url, data))

    assert outcomes(responses) == {302: N}
    assert Meeting.objects.filter(unit=unit, place="Hội trường thôn").count() == 1


# --- a unit's needs are its planning data ---------------------------------------------------------------------


def test_an_outsider_gets_404_for_a_units_needs_and_lists(client, outsider, units, own_sector):
    client.force_login(outsider)
    assert client.get(f"/needs/unit/{units.ea_kmat.pk}/").status_code == 404
    assert client.get(f"/needs/unit/{units.ea_kmat.pk}/ranking/").status_code == 404


def test_the_units_people_still_see_its_needs_and_lists(
    head_client, commune_planner, client, units, own_sector
):
    assert "Chăn nuôi dê" in head_client.get(f"/needs/unit/{units.ea_kmat.pk}/").content.decode()
    client.force_login(commune_planner)
    assert client.get(f"/needs/unit/{units.ea_kmat.pk}/").status_code == 200


def test_an_agenda_item_longer_than_its_field_is_refused_naming_the_item(head_client, units):
    url = f"/meetings/unit/{units.ea_kmat.pk}/new/"
    agenda = f"Khai mạc - 10\n{'Thảo luận ' * 25} - 30"
    response = head_client.post(url, {**MEETING, "place": "Nhà rông", "agenda": agenda}, **VI)
    assert response.status_code == 200
    assert "mục 2: mỗi mục chương trình tối đa 200 ký tự." in response.content.decode()
    assert not Meeting.objects.filter(unit=units.ea_kmat, place="Nhà rông").exists()
