"""A province's plan (and a legacy district's) through the same six steps as a commune's, with its own people: the
departments (sở, ban, ngành; a district's phòng, ban) comment on the draft, the communes below are consulted at
step 5, an adoption conference adopts it, the province's People's Council approves it by a resolution, and it
goes to the central ministries (a district's, to the province). Documents carry the level's issuing body."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone, translation
from docx import Document
from pypdf import PdfReader

from sedp.accounts.models import RoleGrant
from sedp.audit.models import AuditEntry
from sedp.consultation.models import Comment, Commenter, CommenterKind, Move, Step, Venue
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import Kind, Plan, State

from .conftest import VI

pytestmark = pytest.mark.django_db

TITLE = "Phát triển kinh tế - xã hội năm 2027"


def upper_plan(unit, kind) -> Plan:
    return Plan.objects.create(
        unit=unit,
        kind=kind,
        year_from=2027,
        year_to=2027,
        title=TITLE,
        doc_number="25",
        signer_name="Nguyễn Văn Bình",
    )


@pytest.fixture
def province_plan(units):
    return upper_plan(units.daklak, Kind.PROVINCE_ANNUAL)


@pytest.fixture
def district_officer(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="huyen")


@pytest.fixture
def district(district_officer):
    return RoleGrant.objects.get(user=district_officer).unit


@pytest.fixture
def district_plan(district):
    return upper_plan(district, Kind.DISTRICT_ANNUAL)


def urls(plan):
    base = f"/consultation/plan/{plan.pk}/"
    return [
        base,
        base + "team/",
        *(f"{base}step/{n}/" for n in range(1, 7)),
        base + "drafts/",
        base + "comments/",
    ]


def post(client, url, data=None):
    return client.post(url, data or {}, **VI)


def page(client, url) -> str:
    response = client.get(url, **VI)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_province_plan_walks_from_draft_to_submitted_with_the_departments_comments(
    province_plan, province_officer, client, units
):
    plan = province_plan
    client.force_login(province_officer)
    base = f"/consultation/plan/{plan.pk}/"

    # The steps speak of departments, communes, a conference and the province's People's Council — no villages.
    overview = page(client, base)
    assert "Lấy ý kiến các sở, ban, ngành về dự thảo" in overview
    assert "Lấy ý kiến các xã, phường" in overview
    assert "Hội nghị thông qua và trình duyệt" in overview
    steps = overview[overview.index('id="steps"') :]
    assert "Tiếp xúc cử tri" not in steps and "thôn " not in steps.lower()

    # The team lists the departments asked for comment: the usual ones in one go, and one typed in.
    post(client, base + "drafts/freeze/", {"note": "bản làm việc"})
    assert 'id="no-bodies"' in page(client, base + "comments/")  # the comment form says where to list them
    assert "Sở Nông nghiệp và Môi trường" in page(client, base + "team/")
    assert post(client, base + "bodies/usual/").status_code == 302
    response = post(client, base + "bodies/add/", {"name": "Ban Dân tộc tỉnh", "kind": "department"})
    assert response.status_code == 302
    response = post(client, base + "bodies/add/", {"name": "", "kind": "department"})
    assert response.status_code == 400 and "Cần nhập “Tên”" in response.content.decode()
    agriculture = Commenter.objects.get(plan=plan, name="Sở Nông nghiệp và Môi trường")
    assert agriculture.kind == CommenterKind.DEPARTMENT
    assert plan.commenters.count() == 13
    assert 'id="no-bodies"' not in page(client, base + "comments/")

    # Draft 1 goes to the departments; step 3 records the draft they comment on.
    assert post(client, base + "move/", {"to_state": "in_consultation"}).status_code == 302
    plan.refresh_from_db()
    assert plan.state == State.IN_CONSULTATION
    sent = plan.steps.get(step=Step.COMMENT_CONFERENCE).version
    assert sent.number == 1 and sent.distributed_on == timezone.localdate()
    assert "Đã gửi dự thảo 1 lấy ý kiến các sở, ban, ngành." in plan.moves.last().note

    # A department comments in writing: its name is the author's when no person is named.
    response = post(
        client,
        base + "drafts/1/comments/",
        {
            "item_key": "plan",
            "text": "Đề nghị bổ sung chỉ tiêu che phủ rừng",
            "commenter": agriculture.pk,
            "venue": Venue.WRITTEN,
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get(plan=plan, commenter=agriculture)
    assert comment.author_name == "Sở Nông nghiệp và Môi trường"
    listed = page(client, base + "comments/")
    assert "Sở Nông nghiệp và Môi trường" in listed and "bằng văn bản" in listed

    # A commune below comments at step 5; a comment with neither body nor author is refused naming the field.
    ea_kao = units.ea_kao
    response = post(
        client,
        base + "drafts/1/comments/",
        {"item_key": "plan", "text": "Xin vốn đường", "venue": Venue.LOWER_UNIT, "back_step": "5"},
    )
    assert response.status_code == 400
    assert "Cần chọn “Đơn vị cấp dưới”" in response.content.decode()
    assert 'value="5"' in response.content.decode()  # shown again on step 5, what was typed kept
    response = post(
        client,
        base + "drafts/1/comments/",
        {
            "item_key": "plan",
            "text": "Đề nghị ưu tiên đường giao thông nông thôn",
            "venue": Venue.LOWER_UNIT,
            "lower_unit": ea_kao.pk,
            "back_step": "5",
        },
    )
    assert response.status_code == 302 and response.url.endswith("/step/5/")
    from_commune = Comment.objects.get(plan=plan, commenter__unit=ea_kao)
    assert from_commune.author_name == "Phường Ea Kao"
    step5 = page(client, base + "step/5/")
    commented = step5[step5.index('id="commented"') : step5.index('id="waiting"')]
    assert "Phường Ea Kao" in commented and "1 ý kiến" in commented
    total = Unit.objects.filter(parent=units.daklak).exclude(level=Level.VILLAGE).count()
    assert f"1/{total} đơn vị đã góp ý." in step5

    # Both comments are resolved, draft 2 is frozen, the plan is revised.
    post(client, base + f"comments/{comment.pk}/resolve/", {f"c{comment.pk}-resolution": "accepted"})
    post(
        client,
        base + f"comments/{from_commune.pk}/resolve/",
        {
            f"c{from_commune.pk}-resolution": "partly",
            f"c{from_commune.pk}-resolution_reason": "Đưa vào chương trình nông thôn mới năm 2028",
        },
    )
    assert not plan.comments.filter(resolution="pending").exists()
    Plan.objects.filter(pk=plan.pk).update(title=TITLE + " (đã chỉnh sửa)")
    assert post(client, base + "drafts/freeze/", {"note": "sau góp ý"}).status_code == 302
    assert post(client, base + "move/", {"to_state": "revised"}).status_code == 302

    # The adoption conference is held at the province, and adopts draft 2.
    response = post(
        client,
        base + "step/6/meeting/",
        {"date": "14/07/2026", "time": "08:00", "place": "Hội trường UBND tỉnh", "chair_name": "Chủ tịch"},
    )
    assert response.status_code == 302
    conference = plan.steps.get(step=Step.ADOPTION).meetings.get()
    assert conference.unit == units.daklak
    assert "hội nghị thông qua kế hoạch" in page(client, base + "step/6/")
    assert "hội nghị thông qua kế hoạch, 14/07/2026" in page(client, base)  # the meeting it is adopted at
    response = post(client, base + "move/", {"to_state": "adopted", "meeting": conference.pk})
    assert response.status_code == 302, response.content.decode()[-3000:]
    plan.refresh_from_db()
    assert plan.state == State.ADOPTED and plan.locked and plan.adopted_at == conference

    # Approval names the province's People's Council; each missing field is named.
    overview = page(client, base)
    assert "Ghi nhận Hội đồng nhân dân tỉnh phê duyệt" in overview
    response = post(client, base + "move/", {"to_state": "approved", "note": "Kỳ họp thứ 5"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Cần nhập “Số nghị quyết của Hội đồng nhân dân tỉnh”." in text
    assert "Cần nhập “Ngày nghị quyết của Hội đồng nhân dân tỉnh”." in text
    assert 'value="Kỳ họp thứ 5"' in text
    response = post(
        client,
        base + "move/",
        {"to_state": "approved", "resolution_number": "25/NQ-HĐND", "resolution_date": "10/12/2026"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.resolution_number, plan.resolution_date) == ("25/NQ-HĐND", date(2026, 12, 10))

    # Submitted to the central ministries.
    assert "Gửi các bộ, ngành trung ương" in page(client, base)
    assert post(client, base + "move/", {"to_state": "submitted"}).status_code == 302
    plan.refresh_from_db()
    assert plan.state == State.SUBMITTED
    assert Move.objects.filter(plan=plan).last().note == "Đã gửi các bộ, ngành trung ương."

    # The audit keeps every move and every comment, with who made them.
    moves = AuditEntry.objects.filter(action="consultation.move", object_id=str(plan.pk)).order_by("id")
    assert [e.after["state"] for e in moves] == [
        "in_consultation",
        "revised",
        "adopted",
        "approved",
        "submitted",
    ]
    assert {e.actor for e in moves} == {province_officer}
    comments = AuditEntry.objects.filter(action="consultation.add_comment", object_id=str(plan.pk))
    assert {e.after["body"] for e in comments} == {"Sở Nông nghiệp và Môi trường", "Phường Ea Kao"}
    assert AuditEntry.objects.filter(
        action="consultation.add_usual_departments", object_id=str(plan.pk)
    ).exists()

    # Every page still opens, and a department with a comment cannot be removed.
    for url in urls(plan):
        page(client, url)
    response = post(client, base + f"bodies/{agriculture.pk}/remove/")
    assert Commenter.objects.filter(pk=agriculture.pk).exists()


def test_a_legacy_district_plan_speaks_of_its_offices_its_communes_and_the_province(
    district_plan, district_officer, district, client
):
    plan = district_plan
    client.force_login(district_officer)
    base = f"/consultation/plan/{plan.pk}/"
    overview = page(client, base)
    assert "Lấy ý kiến các phòng, ban chuyên môn về dự thảo" in overview
    assert "Đề xuất lịch mặc định (20/6 – 15/7)" in overview
    team = page(client, base + "team/")
    assert "Phòng Tài chính - Kế hoạch" in team and "Sở Tài chính" not in team
    post(client, base + "bodies/usual/")
    assert plan.commenters.filter(name="Phòng Tài chính - Kế hoạch").exists()

    # The schedule of source 001's district plan: 20 June – 15 July of the year before.
    post(client, base + "schedule/propose/")
    steps = {s.step: s for s in plan.steps.all()}
    assert steps[1].starts_on == date(2026, 6, 20) and steps[6].ends_on == date(2026, 7, 15)

    # Step 5 lists the district's communes, not villages.
    step5 = page(client, base + "step/5/")
    communes = Unit.objects.filter(parent=district, level=Level.COMMUNE)
    assert communes.exists()
    assert all(c.name in step5 for c in communes)
    assert "Tiếp xúc cử tri" not in step5

    # A village's comment has no place here.
    post(client, base + "drafts/freeze/")
    response = post(
        client,
        base + "drafts/1/comments/",
        {"item_key": "plan", "text": "x", "author_name": "A", "venue": "village"},
    )
    assert response.status_code == 400

    # Approval names the district's council; submission goes to the province's People's Committee.
    from sedp.consultation import actions

    actions.move(plan, "in_consultation", actor=district_officer)
    actions.freeze(plan, actor=district_officer)
    Plan.objects.filter(pk=plan.pk).update(title=TITLE + ".")
    actions.freeze(plan, actor=district_officer)
    actions.move(plan, "revised", actor=district_officer)
    actions.move(plan, "adopted", actor=district_officer)
    overview = page(client, base)
    kind = district.get_kind_display()
    assert f"Số nghị quyết của Hội đồng nhân dân {kind}" in overview
    actions.move(
        plan,
        "approved",
        actor=district_officer,
        resolution_number="07/NQ-HĐND",
        resolution_date=date(2026, 7, 20),
    )
    province = district.parent.name[:1].lower() + district.parent.name[1:]
    assert f"Gửi Ủy ban nhân dân {province} (Sở Kế hoạch và Đầu tư)" in page(client, base)
    actions.move(plan, "submitted", actor=district_officer)
    assert plan.moves.last().note == f"Đã gửi Ủy ban nhân dân {province} (Sở Kế hoạch và Đầu tư)."


def english_left(html: str) -> list[str]:
    """What the page-walking test finds on a page: English words, decimals with a dot, lowercase headings."""
    from sedp.tests.test_vietnamese_pages import _DOT_DECIMAL, _ENGLISH, _Page

    parsed = _Page()
    parsed.feed(html)
    text = " ".join(" ".join(parsed.text).split())
    found = [m.group() for m in _ENGLISH.finditer(text)] + [m.group() for m in _DOT_DECIMAL.finditer(text)]
    return found + [h for _tag, h in parsed.headings if h[:1].isalpha() and not h[0].isupper()]


def test_every_upper_page_answers_its_officer_in_vietnamese_and_refuses_others(
    province_plan, district_plan, province_officer, district_officer, outsider, client
):
    for plan, officer in ((province_plan, province_officer), (district_plan, district_officer)):
        client.force_login(officer)
        post(client, f"/consultation/plan/{plan.pk}/bodies/usual/")
        post(client, f"/consultation/plan/{plan.pk}/drafts/freeze/")
        post(client, f"/consultation/plan/{plan.pk}/move/", {"to_state": "in_consultation"})
        body = plan.commenters.first()
        post(
            client,
            f"/consultation/plan/{plan.pk}/drafts/1/comments/",
            {"item_key": "plan", "text": "Góp ý", "commenter": body.pk, "venue": Venue.WRITTEN},
        )
        comment = plan.comments.get()
        for url in [
            *urls(plan),
            f"/consultation/plan/{plan.pk}/drafts/1/",
            f"/consultation/plan/{plan.pk}/comments/{comment.pk}/edit/",
            f"/plans/{plan.pk}/documents/",
        ]:
            html = page(client, url)
            assert 'lang="vi"' in html
            assert english_left(html) == [], url
        client.force_login(outsider)
        for url in urls(plan):
            assert client.get(url, **VI).status_code == 404, url
        assert post(client, f"/consultation/plan/{plan.pk}/bodies/usual/").status_code == 404


# --- Documents: the issuing body of the level ----------------------------------------------------------------


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]

    def walk(tables):
        for t in tables:
            for row in t.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(doc.tables)
    return "\n".join(lines)


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def _documents(client, plan):
    docx = client.get(f"/plans/{plan.pk}/ke-hoach-2027.docx", **VI)
    pdf = client.get(f"/plans/{plan.pk}/ke-hoach-2027.pdf", **VI)
    assert docx.status_code == 200 and pdf.status_code == 200
    return docx_text(docx.content), " ".join(pdf_text(pdf.content).split())


def header_and_signature(client, plan) -> tuple[list[str], list[str], list[str], list[str]]:
    """The .docx's header cells (issuing body, national title) and signature cells (recipients, signer), line by
    line, as an official reads them top left, top right, bottom left, bottom right."""
    doc = Document(io.BytesIO(client.get(f"/plans/{plan.pk}/ke-hoach-2027.docx", **VI).content))
    head, sign = doc.tables[0].rows[0].cells, doc.tables[-1].rows[0].cells
    lines = [[p.text for p in cell.paragraphs if p.text] for cell in (*head, *sign)]
    return tuple(lines)


def test_the_province_documents_are_issued_by_the_provinces_peoples_committee(
    province_plan, province_officer, client
):
    Plan.objects.filter(pk=province_plan.pk).update(
        state=State.APPROVED, resolution_number="25/NQ-HĐND", resolution_date=date(2026, 12, 10)
    )
    client.force_login(province_officer)
    body, nation, recipients, signer = header_and_signature(client, province_plan)
    assert body == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK", "Số: 25/KH-UBND"]
    assert nation[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert nation[2].startswith("Đắk Lắk, ngày")
    assert recipients[0] == "Nơi nhận:" and recipients[-1] == "- Lưu: VT."
    assert signer == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Bình"]
    docx, pdf = _documents(client, province_plan)
    flat = " ".join(docx.split())
    for text in (flat, pdf):
        assert "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "Số: 25/KH-UBND" in text
        assert "Đắk Lắk, ngày" in text
        assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text and "Nguyễn Văn Bình" in text
        assert (
            "Căn cứ Nghị quyết số 25/NQ-HĐND ngày 10 tháng 12 năm 2026 của Hội đồng nhân dân tỉnh Đắk Lắk;"
            in text
        )
        assert "Ủy ban nhân dân tỉnh ban hành Kế hoạch phát triển kinh tế - xã hội năm 2027 như sau:" in text
        # Recipients: none typed, so those a province plan goes to, the archive last.
        assert "Nơi nhận:" in text and "- Bộ Tài chính;" in text and "- Các sở, ban, ngành;" in text
        assert "- Lưu: VT." in text
        assert "DỰ THẢO" not in text
        assert "PHƯỜNG" not in text and "Phường" not in text


def test_the_legacy_district_documents_are_issued_by_the_districts_peoples_committee(
    district_plan, district_officer, district, client
):
    client.force_login(district_officer)
    docx, pdf = _documents(client, district_plan)
    flat = " ".join(docx.split())
    kind = district.get_kind_display()  # "thành phố" (Nam Định)
    place = district.name[len(kind) + 1 :]
    body, nation, _recipients, signer = header_and_signature(client, district_plan)
    assert body == ["ỦY BAN NHÂN DÂN", f"{kind} {place}".upper(), "Số: 25/KH-UBND"]
    assert nation[2].startswith(f"{place}, ngày") and signer[0] == "TM. ỦY BAN NHÂN DÂN"
    for text in (flat, pdf):
        assert f"ỦY BAN NHÂN DÂN {kind.upper()} {place.upper()}" in text
        assert f"{place}, ngày" in text
        assert "DỰ THẢO" in text  # a draft
        assert "Căn cứ Nghị quyết" not in text  # not approved yet
        assert "- UBND tỉnh (để báo cáo);" in text and "- Sở Kế hoạch và Đầu tư;" in text
        assert f"- Các phòng, ban {kind};" in text


def test_step_5_and_the_comments_of_a_merged_province_stay_in_few_queries(
    province_plan, province_officer, client, units, django_assert_max_num_queries
):
    """Đắk Lắk has about a hundred communes since the 2025 merger: the pages that list them (and their
    comments) take the same few queries whatever their number."""
    from sedp.consultation import actions

    plan = province_plan
    version = actions.freeze(plan, actor=province_officer)
    actions.move(plan, "in_consultation", actor=province_officer)
    communes = list(Unit.objects.filter(parent=units.daklak, level=Level.COMMUNE).order_by("name")[:30])
    for commune in communes:
        actions.add_comment(
            version,
            actor=province_officer,
            author_name="",
            text=f"Ý kiến của {commune.name}",
            venue=Venue.LOWER_UNIT,
            lower_unit=commune,
        )
    client.force_login(province_officer)
    for url in (f"/consultation/plan/{plan.pk}/step/5/", f"/consultation/plan/{plan.pk}/comments/"):
        with django_assert_max_num_queries(25):
            response = client.get(url, **VI)
        assert response.status_code == 200
        assert len(response.content) < 120_000, (url, len(response.content))
    assert f"30/{len(levels_lower(plan))} đơn vị đã góp ý." in page(
        client, f"/consultation/plan/{plan.pk}/step/5/"
    )
    assert page(client, f"/plans/{plan.pk}/documents/")


def levels_lower(plan):
    from sedp.consultation.levels import lower_units

    return list(lower_units(plan))


def test_a_legacy_province_consults_its_districts_and_reports_to_the_ministry_of_planning(db):
    """Before July 2025 (three tiers) a province's plan goes to its districts at step 5, its departments include
    the Department of Planning and Investment, and its document goes to the Ministry of Planning and Investment."""
    from dataclasses import replace

    from sedp.consultation import levels
    from sedp.demo.truong_thi_2010 import PLAN
    from sedp.exports.documents import recipient_lines

    province = Unit.objects.filter(level=Level.PROVINCE, is_legacy=True, name="Tỉnh Nam Định").get()
    plan = Plan(unit=province, kind=Kind.PROVINCE_ANNUAL, year_from=2010, year_to=2010)
    with translation.override("vi"):
        assert levels.step_label(plan, Step.VOTER_CONTACT) == "5. Lấy ý kiến các huyện, thị xã, thành phố"
        assert levels.submitted_to(plan) == "các bộ, ngành trung ương"
    assert "Sở Kế hoạch và Đầu tư" in levels.usual_departments(plan)
    assert {u.level for u in levels.lower_units(plan)} == {Level.DISTRICT}
    legacy = replace(
        PLAN, unit_name="tỉnh Nam Định", issuing_body="UBND tỉnh Nam Định", place="Nam Định", level="province"
    )
    lines = recipient_lines(replace(legacy, recipients=()))
    assert lines[0] == "Bộ Kế hoạch và Đầu tư" and "UBND các huyện, thị xã, thành phố" in lines
    assert recipient_lines(legacy) == list(PLAN.recipients)  # what is typed is printed as typed


def test_a_communes_team_records_its_own_communes_comment_on_the_province_draft(
    province_plan, province_officer, commune_planner, client, units
):
    """Step 5 is participatory: Phường Ea Kao's planning team writes its commune's comment on the province's draft
    itself, for its own commune only, and may correct it until the province resolves it."""
    from sedp.consultation import actions

    plan = province_plan
    actions.freeze(plan, actor=province_officer)
    actions.move(plan, "in_consultation", actor=province_officer)
    client.force_login(commune_planner)
    base = f"/consultation/plan/{plan.pk}/"
    step5 = page(client, base + "step/5/")
    assert "Ghi nhận ý kiến của Phường Ea Kao" in step5
    other = Unit.objects.filter(parent=units.daklak, level=Level.COMMUNE).exclude(pk=units.ea_kao.pk).first()
    refused = post(
        client,
        base + "drafts/1/comments/",
        {"item_key": "plan", "text": "Thay xã khác", "venue": Venue.LOWER_UNIT, "lower_unit": other.pk},
    )
    assert refused.status_code == 400 and not plan.comments.exists()
    response = post(
        client,
        base + "drafts/1/comments/",
        {
            "item_key": "plan",
            "text": "Đề nghị bổ sung vốn kênh mương Buôn Kô Tam",
            "venue": Venue.LOWER_UNIT,
            "lower_unit": units.ea_kao.pk,
        },
    )
    assert response.status_code == 302 and response.url.endswith("/step/5/")
    comment = plan.comments.get()
    assert comment.commenter.unit == units.ea_kao and comment.author_name == "Phường Ea Kao"
    assert comment.created_by == commune_planner
    assert "Sửa hoặc rút lại" in page(client, base + "step/5/")
    assert client.get(base + f"comments/{comment.pk}/edit/", **VI).status_code == 200
    # The province's work stays the province's: no department list, no resolution, no move.
    assert post(client, base + "bodies/usual/").status_code == 403
    assert (
        post(
            client, base + f"comments/{comment.pk}/resolve/", {f"c{comment.pk}-resolution": "accepted"}
        ).status_code
        == 403
    )
    assert post(client, base + "move/", {"to_state": "revised"}).status_code == 403


@pytest.mark.parametrize("who", ["province", "district"])
def test_no_form_of_an_upper_plan_answers_500_even_posted_empty_or_wrong(
    who, province_plan, district_plan, province_officer, district_officer, client
):
    """Every write of the consultation, posted empty and with values of the wrong kind by the plan's officer: a
    refusal or a redirect, never a server error (step 5's village forms included, which have no villages here)."""
    from sedp.consultation import actions

    plan, officer = (
        (province_plan, province_officer) if who == "province" else (district_plan, district_officer)
    )
    version = actions.freeze(plan, actor=officer)
    body = actions.add_commenter(plan, actor=officer, name="Sở Y tế")
    comment = actions.add_comment(version, actor=officer, author_name="", text="Ý kiến", commenter=body)
    member = actions.add_member(plan, actor=officer, name="Bà A", role="member")
    client.force_login(officer)
    base = f"/consultation/plan/{plan.pk}/"
    posts = [
        "move/",
        "team/add/",
        f"team/{member.pk}/remove/",
        "bodies/add/",
        "bodies/usual/",
        f"bodies/{body.pk}/remove/",
        "schedule/propose/",
        *(f"step/{n}/edit/" for n in range(1, 7)),
        *(f"step/{n}/done/" for n in range(1, 7)),
        *(f"step/{n}/meeting/" for n in range(1, 7)),
        "discussions/",
        "assignments/",
        "distribution-reason/",
        "voter-contacts/",
        "drafts/freeze/",
        "drafts/1/distribution/",
        "drafts/1/comments/",
        f"comments/{comment.pk}/resolve/",
        f"comments/{comment.pk}/correct/",
        f"comments/{comment.pk}/withdraw/",
    ]
    wrong = {
        "to_state": "approved",
        "date": "32/13/2026",
        "starts_on": "x",
        "ends_on": "01/01/1900",
        "lower_unit": "999999999",
        "commenter": "abc",
        "venue": "village",
        "village": "1",
        "name": "x" * 500,
        "kind": "lower_unit",
    }
    for url in posts:
        for data in ({}, wrong):
            response = client.post(base + url, data, **VI)
            assert response.status_code < 500, (url, data, response.status_code)


def test_the_province_documents_print_the_budget_by_the_provinces_funding_sources(
    province_plan, province_officer, client
):
    # A province's own activities are few: the money its plan disposes of is its sources for the year, by source,
    # in the order they pay, and the total is theirs (not a total typed on the plan that may differ).
    from sedp.funding.models import FundingSource

    unit, year = province_plan.unit, province_plan.year_from
    FundingSource.objects.create(unit=unit, year=year, kind="investment", amount=1_200_000_000)
    FundingSource.objects.create(
        unit=unit,
        year=year,
        kind="ntp_rural",
        name="Chương trình MTQG xây dựng nông thôn mới",
        amount=350_000_000,
    )
    Plan.objects.filter(pk=province_plan.pk).update(total_budget=999)
    client.force_login(province_officer)
    docx, pdf = _documents(client, province_plan)
    for text in (" ".join(docx.split()), " ".join(pdf.split())):
        rural = text.index("Chương trình MTQG xây dựng nông thôn mới 350.000.000")
        investment = text.index("Vốn đầu tư phát triển 1.200.000.000")
        assert rural < investment  # the national target programme pays first
        assert "1.550.000.000" in text and "999" not in text


def test_the_province_documents_list_the_communes_activities_its_sources_pay(
    province_plan, province_officer, commune_planner, units, client
):
    # Section III of a province plan: after its own activities, the communes' activities its sources pay (the
    # applied integration), each with its commune, the amount allocated from all sources and the sources' names.
    from sedp.demo.ea_kao_plan import make_ea_kao_plan
    from sedp.funding.models import Allocation, FundingSource

    year = province_plan.year_from
    commune_plan = make_ea_kao_plan(units.ea_kao, year, actor=commune_planner)
    road, canals = commune_plan.activities.order_by("order", "id")[:2]
    rural = FundingSource.objects.create(
        unit=units.daklak,
        year=year,
        kind="ntp_rural",
        name="Chương trình MTQG xây dựng nông thôn mới",
        amount=10**9,
    )
    investment = FundingSource.objects.create(unit=units.daklak, year=year, kind="investment", amount=10**9)
    Allocation.objects.create(activity=road, source=rural, amount=500_000_000)
    Allocation.objects.create(activity=road, source=investment, amount=150_000_000)
    Allocation.objects.create(activity=canals, source=investment, amount=420_000_000)
    other = FundingSource.objects.create(unit=units.ea_kao, year=year, kind="commune_budget", amount=10**8)
    Allocation.objects.create(
        activity=canals, source=other, amount=1
    )  # the commune's own money: not the province's

    client.force_login(province_officer)
    docx, pdf = _documents(client, province_plan)
    for text in (" ".join(docx.split()), " ".join(pdf.split())):
        heading = text.index("Hoạt động của cấp xã được bố trí vốn")
        first = text.index(f"Phường Ea Kao: {road.title}", heading)
        second = text.index(f"Phường Ea Kao: {canals.title}", first)
        assert "650.000.000" in text[first:second]  # both of the province's sources together
        assert "Vốn đầu tư phát triển" in text[first:second]  # a source named by its kind, capitalised
        assert "420.000.000" in text[second:]
        assert "420.000.001" not in text
