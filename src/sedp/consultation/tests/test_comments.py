"""Comments on a part of a frozen draft: who, where, on what; resolved with a reason unless accepted; filtered by
status with the count of unresolved ones; and the overview's query count, whatever the number of comments and
villages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from sedp.accounts.models import RoleGrant
from sedp.consultation import actions
from sedp.consultation.models import Comment, Resolution
from sedp.demo.villages import build_village_plans
from sedp.needs.models import Sector
from sedp.places.models import Unit

from .conftest import VI, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner_client(client, commune_planner):
    client.force_login(commune_planner)
    return client


@pytest.fixture
def version(plan, commune_planner):
    return actions.freeze(plan, actor=commune_planner)


def test_a_comment_names_who_where_and_which_part(plan, version, planner_client):
    sector = Sector.objects.filter(unit__isnull=True).order_by("order").first()
    kt = plan.key_targets.get()
    response = planner_client.post(
        f"/consultation/plan/{plan.pk}/drafts/1/comments/",
        {
            "item_key": f"key_target:{kt.pk}",
            "text": "Chỉ tiêu giảm nghèo nên là 2,8%",
            "author_name": "Bà Trần Thị Lan, Hội Phụ nữ",
            "venue": "sector_group",
            "sector": sector.pk,
        },
    )
    assert response.status_code == 302
    c = Comment.objects.get(plan=plan)
    assert (c.version, c.item_key, c.sector, c.resolution) == (
        version,
        f"key_target:{kt.pk}",
        sector,
        "pending",
    )
    assert c.item_label.startswith("Giảm tỷ lệ hộ nghèo")
    page = planner_client.get(f"/consultation/plan/{plan.pk}/comments/", **VI).content.decode()
    assert "Bà Trần Thị Lan, Hội Phụ nữ" in page and "nhóm lĩnh vực: " + sector.name in page
    assert "chưa xử lý: 1" in page


def test_bad_comments_are_refused_naming_the_field_and_keep_what_was_typed(plan, version, planner_client):
    response = planner_client.post(
        f"/consultation/plan/{plan.pk}/drafts/1/comments/",
        {"item_key": "plan", "text": "Cần thêm đèn đường", "author_name": "", "venue": "village"},
        **VI,
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Cần nhập “Tên”" in page or "Cần nhập “Người góp ý”." in page
    assert "Cần chọn “Thôn” cho ý kiến từ hội nghị tiếp xúc cử tri." in page
    assert "Cần thêm đèn đường" in page
    assert not Comment.objects.exists()
    with pytest.raises(ValidationError) as exc:
        actions.add_comment(version, actor=None, author_name="A", text="B", item_key="activity:999999")
    assert "item_key" in exc.value.message_dict


def test_resolution_needs_a_reason_unless_accepted(plan, version, planner_client, commune_planner):
    c = actions.add_comment(version, actor=None, author_name="Ông A", text="Bỏ hoạt động 2")
    url = f"/consultation/plan/{plan.pk}/comments/{c.pk}/resolve/"
    response = planner_client.post(
        url, {f"c{c.pk}-resolution": "rejected", f"c{c.pk}-resolution_reason": ""}, **VI
    )
    assert response.status_code == 400
    assert (
        "Cần ghi “Xử lý thế nào, vì sao” khi ý kiến không được tiếp thu đầy đủ." in response.content.decode()
    )
    c.refresh_from_db()
    assert c.resolution == Resolution.PENDING
    planner_client.post(
        url, {f"c{c.pk}-resolution": "partly", f"c{c.pk}-resolution_reason": "Giữ lại, giảm quy mô"}
    )
    c.refresh_from_db()
    assert (c.resolution, c.resolution_reason, c.resolved_by) == (
        "partly",
        "Giữ lại, giảm quy mô",
        commune_planner,
    )
    assert c.resolved_at is not None
    other = actions.add_comment(version, actor=None, author_name="Bà B", text="Thêm quý IV")
    actions.resolve_comment(other, actor=commune_planner, resolution=Resolution.ACCEPTED)
    other.refresh_from_db()
    assert other.resolution == Resolution.ACCEPTED and other.resolution_reason == ""


def test_the_database_refuses_a_rejection_without_reason(plan, version):
    c = actions.add_comment(version, actor=None, author_name="Ông A", text="X")
    with pytest.raises(IntegrityError):
        Comment.objects.filter(pk=c.pk).update(resolution="rejected")


def test_comments_are_filtered_by_status_and_the_unresolved_are_counted(
    plan, version, planner_client, commune_planner
):
    for n in range(3):
        actions.add_comment(version, actor=None, author_name=f"Người {n}", text=f"Ý kiến số {n}")
    first = Comment.objects.get(author_name="Người 0")
    actions.resolve_comment(first, actor=commune_planner, resolution=Resolution.ACCEPTED)
    pending = planner_client.get(
        f"/consultation/plan/{plan.pk}/comments/?status=pending", **VI
    ).content.decode()
    assert "Ý kiến số 1" in pending and "Ý kiến số 2" in pending and "Ý kiến số 0" not in pending
    accepted = planner_client.get(
        f"/consultation/plan/{plan.pk}/comments/?status=accepted", **VI
    ).content.decode()
    assert "Ý kiến số 0" in accepted and "Ý kiến số 1" not in accepted
    overview = planner_client.get(f"/consultation/plan/{plan.pk}/", **VI).content.decode()
    assert "Tổng cộng 3" in overview and "2 ý kiến chưa xử lý" in overview


def test_the_front_records_comments_but_does_not_resolve_them(plan, version, client, units, commune_planner):
    from django.contrib.auth import get_user_model

    front = get_user_model().objects.create_user("mattran-test", password="x")
    RoleGrant.objects.create(user=front, role="front_representative", unit=units.ea_kao)
    client.force_login(front)
    response = client.post(
        f"/consultation/plan/{plan.pk}/drafts/1/comments/",
        {"item_key": "plan", "text": "Cần họp buổi tối", "author_name": "MTTQ phường", "venue": "written"},
    )
    assert response.status_code == 302
    c = Comment.objects.get(plan=plan)
    page = client.get(f"/consultation/plan/{plan.pk}/comments/").content.decode()
    assert f"/comments/{c.pk}/resolve/" not in page
    response = client.post(
        f"/consultation/plan/{plan.pk}/comments/{c.pk}/resolve/", {f"c{c.pk}-resolution": "accepted"}
    )
    assert response.status_code == 403


def test_the_village_head_may_not_comment_on_the_commune_draft(plan, version, client, village_head):
    client.force_login(village_head)
    response = client.post(
        f"/consultation/plan/{plan.pk}/drafts/1/comments/",
        {"item_key": "plan", "text": "X", "author_name": "Y", "venue": "written"},
    )
    assert response.status_code == 403


def _fill(plan, actor, villages, comments_per_village):
    version = actions.freeze(plan, actor=actor)
    for v in villages:
        for n in range(comments_per_village):
            c = actions.add_comment(
                version,
                actor=actor,
                author_name=f"Cử tri {n}",
                text=f"Ý kiến {n}",
                venue="village",
                village=v,
            )
            if n % 2:
                actions.resolve_comment(
                    c, actor=actor, resolution=Resolution.REJECTED, reason="Ngoài khả năng"
                )
    return version


def test_the_overview_makes_the_same_number_of_queries_whatever_the_comments_and_villages(
    units, commune_planner, client, year, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(commune_planner)

    def count(plan):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/consultation/plan/{plan.pk}/")
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.content)

    small = make_plan(units.ea_kao, year + 7, commune_planner)
    villages = list(Unit.objects.filter(parent=units.ea_kao, level="village").order_by("name"))
    _fill(small, commune_planner, villages[:1], 1)
    actions.propose_schedule(small, actor=commune_planner)
    few, size_few = count(small)

    # A bigger commune: twelve more villages with adopted plans, many comments, voter contacts everywhere.
    from sedp.places.choices import Kind as UnitKind

    extra = [
        Unit.objects.create(level="village", kind=UnitKind.THON, parent=units.ea_kao, name=f"Thôn mới {i}")
        for i in range(12)
    ]
    build_village_plans(extra[:3], year + 8, actor=commune_planner)
    big = make_plan(units.ea_kao, year + 8, commune_planner)
    _fill(big, commune_planner, villages + extra, 6)
    actions.propose_schedule(big, actor=commune_planner)
    from datetime import date

    from .conftest import at

    actions.create_voter_contacts(
        big, [(v, at(date(2026, 6, 15))) for v in villages + extra], actor=commune_planner
    )
    many, size_many = count(big)
    assert Comment.objects.filter(plan=big).count() == 6 * len(villages + extra)
    assert many == few, (few, many)
    assert many <= 20
    assert size_many < 20_000


def test_a_village_head_records_the_comments_of_their_own_village_only(
    plan, version, client, village_head, units, commune_planner
):
    """At the voter-contact conference the village head writes down the village's comments on the commune's draft
    (the commune team need not re-type them); nothing for another village, nor for the whole commune."""
    ea_kmat = units.ea_kmat
    ko_tam = Unit.objects.get(parent=units.ea_kao, name="Buôn Kô Tam")
    client.force_login(village_head)
    page = client.get(f"/consultation/plan/{plan.pk}/village/{ea_kmat.pk}/", **VI).content.decode()
    assert 'id="add-comment"' in page and 'name="sector"' not in page
    assert f'value="{ko_tam.pk}"' not in page  # only their own village to choose
    url = f"/consultation/plan/{plan.pk}/drafts/1/comments/"
    good = {
        "back_village": ea_kmat.pk,
        "item_key": "plan",
        "text": "Buôn chưa có hạng mục nào, đề nghị xem lại đường vào khu sản xuất",
        "author_name": "Y Bhim Mlô, trưởng buôn",
        "venue": "village",
        "village": ea_kmat.pk,
    }
    # Another village's comment, or a comment "at the conference", is refused with the field named.
    for bad in ({"village": ko_tam.pk}, {"venue": "conference"}):
        response = client.post(url, {**good, **bad}, **VI)
        assert response.status_code == 400
        assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Comment.objects.exists()
    response = client.post(url, good)
    assert response["Location"] == f"/consultation/plan/{plan.pk}/village/{ea_kmat.pk}/"
    comment = Comment.objects.get()
    assert (comment.village, comment.venue, comment.author_name) == (
        ea_kmat,
        "village",
        "Y Bhim Mlô, trưởng buôn",
    )
    # Posting for Kô Tam from Kô Tam's page: not their village.
    assert client.post(url, {**good, "back_village": ko_tam.pk, "village": ko_tam.pk}).status_code == 403
    # The commune team resolves it as any other; once the plan is adopted, nothing more can be recorded.
    page = client.get(f"/consultation/plan/{plan.pk}/comments/").content.decode()
    assert f"/comments/{comment.pk}/resolve/" not in page
    type(plan).objects.filter(pk=plan.pk).update(state="adopted")
    assert client.post(url, good).status_code == 403
    # A village whose plan reached the commune finds its part of the draft from its plans page.
    client.force_login(commune_planner)
    plans_page = client.get(f"/plans/unit/{ko_tam.pk}/", **VI).content.decode()
    assert f'href="/consultation/plan/{plan.pk}/village/{ko_tam.pk}/"' in plans_page


def test_a_pending_comment_is_corrected_or_withdrawn_with_a_trace_and_a_resolved_one_is_not(
    plan, version, planner_client, client, units, commune_planner, village_head
):
    from sedp.audit.models import AuditEntry

    def add(text, **kw):
        return actions.add_comment(version, actor=commune_planner, author_name="Ông A", text=text, **kw)

    typo, twice, done = add("Kênh mương bị hư hõng"), add("Ghi hai lần"), add("Đã xử lý")
    actions.resolve_comment(done, actor=commune_planner, resolution=Resolution.ACCEPTED)
    page = planner_client.get(f"/consultation/plan/{plan.pk}/comments/", **VI).content.decode()
    assert f"/comments/{typo.pk}/edit/" in page and f"/comments/{done.pk}/edit/" not in page
    # An empty correction is refused naming the field, and what was typed is kept.
    url = f"/consultation/plan/{plan.pk}/comments/{typo.pk}/"
    bad = planner_client.post(url + "correct/", {"text": "  ", "author_name": "Ông B"}, **VI)
    assert (
        bad.status_code == 400
        and "Cần nhập “Ý kiến”" in bad.content.decode()
        and "Ông B" in bad.content.decode()
    )
    response = planner_client.post(
        url + "correct/", {"text": "Kênh mương bị hư hỏng", "author_name": "Ông A"}
    )
    assert response["Location"] == f"/consultation/plan/{plan.pk}/comments/"
    typo.refresh_from_db()
    assert typo.text == "Kênh mương bị hư hỏng"
    entry = AuditEntry.objects.get(action="consultation.correct_comment")
    assert (entry.before["text"], entry.after["text"]) == ("Kênh mương bị hư hõng", "Kênh mương bị hư hỏng")
    # Withdrawing needs a reason; the audit log keeps what the comment said.
    wurl = f"/consultation/plan/{plan.pk}/comments/{twice.pk}/withdraw/"
    assert "Cần nhập “Lý do rút lại”" in planner_client.post(wurl, {"reason": ""}, **VI).content.decode()
    assert planner_client.post(wurl, {"reason": "Ghi trùng"}).status_code == 302
    assert not Comment.objects.filter(pk=twice.pk).exists()
    entry = AuditEntry.objects.get(action="consultation.withdraw_comment")
    assert entry.before["text"] == "Ghi hai lần" and entry.reason == "Ghi trùng"
    # A resolved comment stays as it was resolved.
    durl = f"/consultation/plan/{plan.pk}/comments/{done.pk}/"
    assert planner_client.post(durl + "correct/", {"text": "Khác", "author_name": "Ông A"}).status_code == 403
    with pytest.raises(ValidationError):
        actions.correct_comment(done, actor=commune_planner, text="Khác", author_name="Ông A")
    # Someone else's comment: a village head may not touch it; their own village's, recorded by them, they may.
    client.force_login(village_head)
    assert client.get(url + "edit/").status_code == 403
    own = actions.add_comment(
        version,
        actor=village_head,
        author_name="Y Bhim",
        text="Đường",
        venue="village",
        village=units.ea_kmat,
    )
    page = client.get(f"/consultation/plan/{plan.pk}/village/{units.ea_kmat.pk}/").content.decode()
    assert f"/comments/{own.pk}/edit/" in page
    response = client.post(
        f"/consultation/plan/{plan.pk}/comments/{own.pk}/correct/",
        {"text": "Đường vào rẫy", "author_name": "Y Bhim"},
    )
    assert response["Location"] == f"/consultation/plan/{plan.pk}/village/{units.ea_kmat.pk}/"
