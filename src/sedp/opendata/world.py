"""Phường Ea Kao with Buôn Ea Kmát's needs decided and the ward's plan adopted through the consultation's steps, so
that its villages' fates, its plan and its open data are published: what the tests and the public walk read.

Alongside, what must never be published: a named attendee at Buôn Ea Kmát's meetings, a comment's author on the
ward's plan, and a draft (a later version of the ward's plan, and Thôn 2's draft plan of the demo)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sedp.consultation import actions as consult
from sedp.consultation.models import Step
from sedp.demo.ea_kao_plan import make_ea_kao_plan
from sedp.demo.villages import build_village_plan
from sedp.meetings.models import Attendee, Meeting
from sedp.needs.actions import create_need
from sedp.places.models import Unit
from sedp.plans.models import Part, Plan, State
from sedp.plans.rollup import fates as tracing

ATTENDEE = "Hờ Thị Bí Mật"  # a person on an attendance list: never published
COMMENTER = "Nặc Danh Văn Góp"  # a comment's author: never published
DRAFT_ACTIVITY = "Hoạt động dự thảo chưa thông qua"  # in a draft only: never published
DRAFT_NEED = "Nhu cầu chỉ có trong bản dự thảo của Thôn 2"  # in a village's draft plan only: never published
MERGE_REASON = "Cùng một việc với ba buôn khác: phường hỗ trợ chung một đợt"
POSTPONE_REASON = "Ngân sách phường năm nay đã bố trí hết cho đường và kênh"


@dataclass
class World:
    year: int
    commune: Unit
    village: Unit
    village_plan: Plan
    plan: Plan


def _at(day: date, hour: int = 8) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build(year: int) -> World:
    User = get_user_model()
    head, planner = User.objects.get(username="truongbuon"), User.objects.get(username="canboxa")
    leader = User.objects.get(username="chutichxa")
    commune = Unit.objects.get(level="commune", code="24169", is_legacy=False)
    village = Unit.objects.get(level="village", name="Buôn Ea Kmát", parent=commune)
    with transaction.atomic():
        village_plan = build_village_plan(village, year, actor=head, index=0)
        for m in Meeting.objects.filter(unit=village):
            Attendee.objects.create(meeting=m, name=ATTENDEE, sex="f", ethnic_group="Ê Đê")
        plan = make_ea_kao_plan(commune, year, actor=planner)
        big = [
            i.need
            for i in village_plan.items.filter(part=Part.BUDGET).select_related("need").order_by("rank")
        ]
        tracing.include(plan, big[0], actor=planner)
        latrines = plan.activities.get(title__startswith="Hỗ trợ hộ nghèo ba buôn")
        tracing.merge(plan, big[1:2], actor=planner, activity=latrines, reason=MERGE_REASON)
        for need in tracing.pending_needs(plan):
            tracing.postpone(plan, need, actor=planner, reason=POSTPONE_REASON, year=year + 1)
        day = date(year - 1, 11, 20)
        v1 = consult.freeze(plan, actor=planner, note="Dự thảo lần 1")
        consult.move(plan, State.IN_CONSULTATION, actor=planner)
        consult.hold_meeting(
            plan, Step.COMMENT_CONFERENCE, actor=planner, starts_at=_at(day), version=v1,
            place="Hội trường UBND phường", chair_name="Chủ tịch UBND phường", men=25, women=18,
        )  # fmt: skip
        consult.add_comment(v1, actor=planner, author_name=COMMENTER, text="Đề nghị làm đường trước mùa mưa.")
        for c in plan.comments.all():
            consult.resolve_comment(c, actor=planner, resolution="accepted", reason="Đã tiếp thu")
        consult.freeze(plan, actor=planner, note="Dự thảo lần 2")
        consult.move(plan, State.REVISED, actor=planner)
        adoption = consult.hold_meeting(
            plan, Step.ADOPTION, actor=planner, starts_at=_at(day + timedelta(days=10)),
            place="Hội trường UBND phường", chair_name="Chủ tịch UBND phường", men=30, women=22,
        )  # fmt: skip
        consult.move(plan, State.ADOPTED, actor=leader, meeting=adoption)
        # A new draft version after adoption: never public.
        from sedp.plans import actions as plan_actions

        draft = plan_actions.new_version(
            Plan.objects.get(pk=plan.pk), actor=planner, reason="Điều chỉnh giữa năm"
        )
        draft.activities.create(title=DRAFT_ACTIVITY, cost=1_000_000, order=99)
        # Thôn 2 is still drafting its plan (the demo's): a need only its draft has.
        thon2 = Plan.objects.filter(unit__parent=commune, unit__name="Thôn 2", kind="village_annual").first()
        if thon2 is not None and not thon2.is_public:
            need = create_need(thon2.unit, actor=head, title=DRAFT_NEED, estimated_cost=5_000_000)
            plan_actions.add_item(thon2, need, actor=head, part=Part.OWN, reason="Mới phát sinh")
    return World(year, commune, village, village_plan, Plan.objects.get(pk=plan.pk))
