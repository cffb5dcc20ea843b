"""REST API v1. Every list and detail goes through the same restricting queryset as the pages."""

from typing import Any, Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from sedp import query
from sedp.accounts.policy import restrict
from sedp.core.calendar import cycle_status
from sedp.cycles.models import Cycle
from sedp.meetings.models import Kind as MeetingKind
from sedp.meetings.models import Meeting
from sedp.needs.models import Need
from sedp.places.models import Unit
from sedp.plans.models import Activity, NeedLink, Plan

from .schemas import (
    ERRORS,
    CycleOut,
    MeetingDetailOut,
    MeetingOut,
    NeedDetailOut,
    NeedOut,
    PlanDetailOut,
    PlanOut,
    UnitOut,
)

MAX_LIMIT = 500
MAX_OFFSET = 2**31 - 1
MAX_ID = 2**63 - 1
YEARS = (1900, 2200)  # as the pages (sedp.query.YEARS)


def Year(description: str = "a year (1900–2200)"):  # noqa: N802 (a field factory, read like a type)
    return Field(None, ge=YEARS[0], le=YEARS[1], description=description)


class Pages(LimitOffsetPagination):
    """limit/offset done in SQL: only the page's rows are read and turned into output, the count is SQL's.
    An offset or limit out of range is a 422 naming the parameter (never a database overflow)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"rows per page (1–{MAX_LIMIT})")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="rows to skip")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class KeysetPages(Pages):
    """Pages of a long list (a province's 75,000 needs) that cost the same at any depth: `after` (the id of the
    last row read) starts the page just after that row, in the list's order, by an index — where an `offset` makes
    the database read and drop every row before it. `next` is the address of the following page (null on the last
    one): a client follows it from the first page to the last. `offset` still works; with `after` it is ignored."""

    class Input(Pages.Input):
        after: int | None = Field(
            None,
            ge=1,
            le=MAX_ID,
            description="the id of the last row of the page read: the page after it (see `next`)",
        )

    class Output(Schema):
        items: list[Any]
        count: int
        next: str | None = Field(description="the next page's address (with `after`), null on the last page")

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        limit = min(pagination.limit, self.max_limit)
        rows, start = queryset, pagination.offset
        if pagination.after is not None:
            rows, start = queryset.after(pagination.after), 0
        page = rows.rows(start, start + limit + 1)  # one row more: is there a next page?
        following = None
        if len(page) > limit:
            page = page[:limit]
            following = query.address(request, offset=None, after=page[-1].pk)  # the caller's filters kept
        return {"items": [queryset.out(row) for row in page], "count": queryset.count(), "next": following}


class Mapped:
    """A queryset whose rows become the API's output only for the page asked: slicing is SQL's LIMIT/OFFSET,
    `count()` is SQL's COUNT; nothing else of the queryset is read. `order` ends with the id, so that every row has
    one place in it and `after` (KeysetPages) can start just after any row."""

    def __init__(self, queryset, out, order: tuple[str, ...]):
        if order[-1].removeprefix("-") != "id":
            raise ValueError("the order of an API list ends with its unique id")
        self.queryset, self.out, self.order = queryset.order_by(*order), out, order

    def all(self):
        return self

    def count(self) -> int:
        return self.queryset.count()

    def rows(self, start: int, stop: int) -> list:
        return list(self.queryset[start:stop])

    def __getitem__(self, page: slice) -> list:
        return [self.out(row) for row in self.rows(page.start or 0, page.stop)]

    def after(self, pk: int) -> "Mapped":
        """The rows after row `pk` in this list's order: (f1, f2, …, id) greater than the row's, field by field
        (smaller for a descending field), and the first field bounded on its own so that its index is used.
        404 naming `after` when that row is not in the list (another filter, or not one the caller may read)."""
        names = [f.removeprefix("-") for f in self.order]
        anchor = self.queryset.filter(pk=pk).values_list(*names).first()
        if anchor is None:
            raise HttpError(
                404, f"after={pk}: không có dòng này trong danh sách (bộ lọc khác, hoặc không được xem)."
            )
        later = Q()
        for i, field in enumerate(self.order):
            op = "lt" if field.startswith("-") else "gt"
            later |= Q(**{f"{names[i]}__{op}": anchor[i]}, **dict(zip(names[:i], anchor[:i], strict=True)))
        op = "lte" if self.order[0].startswith("-") else "gte"
        return Mapped(
            self.queryset.filter(Q(**{f"{names[0]}__{op}": anchor[0]}), later), self.out, self.order
        )


places = Router(tags=["places"])
cycles = Router(tags=["cycles"])
plans = Router(tags=["plans"])
meetings = Router(tags=["meetings"])
needs = Router(tags=["needs"])


class PlaceFilter(Schema):
    level: Literal["province", "district", "commune", "village"] | None = None
    parent: int | None = None
    q: str | None = Field(
        None, max_length=200, description="words of the name (at most 200 characters, 20 words)"
    )
    legacy: bool = False


@places.get("/", response={200: list[UnitOut], **ERRORS}, summary="List administrative units")
@paginate(Pages)
def list_places(request, filters: Query[PlaceFilter]):
    """Filter by `level`, by `parent` (a unit id), search by name with or without diacritics (`q=dak lak`
    finds "Đắk Lắk"); `legacy=true` lists the pre-2025 structure."""
    qs = restrict(Unit.objects.all(), request.user).filter(is_legacy=filters.legacy)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    return qs.search(filters.q) if filters.q else qs.order_by("path")


@places.get("/{unit_id}/", response={200: UnitOut, **ERRORS}, summary="One administrative unit")
def get_place(request, unit_id: int):
    return get_object_or_404(restrict(Unit.objects.all(), request.user), pk=unit_id)


def _cycle_out(cycle: Cycle, today):
    milestones = list(cycle.milestones.all())
    status = cycle_status([m.as_core() for m in milestones], today)
    return {
        "id": cycle.pk,
        "unit_id": cycle.unit_id,
        "unit_name": cycle.unit.name,
        "plan_year": cycle.plan_year,
        "tiers": cycle.tiers,
        "is_published": cycle.is_published,
        "current_phase": status.phase.value if status.phase else None,
        "milestones": milestones,
    }


@cycles.get("/", response={200: list[CycleOut], **ERRORS}, summary="Planning cycles the caller may read")
@paginate(KeysetPages)
def list_cycles(
    request, plan_year: int | None = Query(None, ge=YEARS[0], le=YEARS[1]), unit: int | None = None
):
    qs = restrict(Cycle.objects.select_related("unit"), request.user).prefetch_related("milestones")
    if plan_year:
        qs = qs.filter(plan_year=plan_year)
    if unit:
        qs = qs.filter(unit_id=unit)
    today = timezone.localdate()
    return Mapped(qs, lambda c: _cycle_out(c, today), ("unit__path", "-plan_year", "id"))


@cycles.get("/{cycle_id}/", response={200: CycleOut, **ERRORS}, summary="One planning cycle")
def get_cycle(request, cycle_id: int):
    qs = restrict(Cycle.objects.select_related("unit"), request.user).prefetch_related("milestones")
    return _cycle_out(get_object_or_404(qs, pk=cycle_id), timezone.localdate())


def _by_place(qs, unit: int | None, under: int | None):
    """Rows of one unit (`unit`) and/or of a unit's whole subtree (`under`, 404 if no such unit)."""
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    if under is not None:
        root = get_object_or_404(Unit, pk=under)
        qs = qs.filter(unit__path__startswith=root.path)
    return qs


class PlanFilter(Schema):
    unit: int | None = None
    under: int | None = None
    year: int | None = Year()
    kind: (
        Literal["village_midterm", "village_annual", "commune_annual", "district_annual", "province_annual"]
        | None
    ) = None


@plans.get("/", response={200: list[PlanOut], **ERRORS}, summary="Plans the caller may read")
@paginate(KeysetPages)
def list_plans(request, filters: Query[PlanFilter]):
    """Anonymous callers get the public plans (adopted, approved, submitted); people with a role also their
    drafts. `unit` lists one unit's plans, `under` every plan in a unit's subtree, `year` a plan year."""
    qs = restrict(Plan.objects.select_related("unit"), request.user)
    qs = _by_place(qs, filters.unit, filters.under)
    if filters.year is not None:
        qs = qs.filter(year_from__lte=filters.year, year_to__gte=filters.year)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return Mapped(qs.only(*PLAN_COLUMNS), _plan_out, ("unit__path", "-year_from", "kind", "-version", "id"))


# What the list reads of a plan: never its snapshot or other large columns.
PLAN_COLUMNS = (
    "id", "unit_id", "unit__name", "kind", "year_from", "year_to", "version", "state", "title", "adopted_on",
    "resolution_number", "resolution_date", "total_budget",
)  # fmt: skip


def _plan_out(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "unit_id": plan.unit_id,
        "unit_name": plan.unit.name,
        "kind": plan.kind,
        "year_from": plan.year_from,
        "year_to": plan.year_to,
        "version": plan.version,
        "state": plan.state,
        "title": plan.title,
        "adopted_on": timezone.localdate(plan.adopted_on) if plan.adopted_on else None,
        "resolution_number": plan.resolution_number,
        "resolution_date": plan.resolution_date,
        "total_budget": plan.total_budget,
    }


@plans.get("/{plan_id}/", response={200: PlanDetailOut, **ERRORS}, summary="One plan, traceable")
def get_plan(request, plan_id: int):
    """A village plan's items; a higher plan's activities, each with the village needs it came from, and the
    fate of every need that reached it (included, merged, postponed, referred, not included) with the reason."""
    plan = get_object_or_404(restrict(Plan.objects.select_related("unit"), request.user), pk=plan_id)
    items = [
        {
            "need_id": i.need_id,
            "code": i.need.code,
            "title": i.need.title,
            "rank": i.rank,
            "part": i.part,
            "men_rank": i.men_rank,
            "women_rank": i.women_rank,
            "contribution_money": i.contribution_money,
            "contribution_labour_days": i.contribution_labour_days,
        }
        for i in plan.items.select_related("need").order_by("part", "rank", "id")
    ]
    links = list(
        NeedLink.objects.filter(plan=plan)
        .select_related("need__unit")
        .prefetch_related("activities")
        .order_by("need__unit__path", "need_id")
    )
    by_activity: dict[int, list[dict]] = {}
    fates = []
    for link in links:
        source = {
            "need_id": link.need_id,
            "unit_id": link.need.unit_id,
            "unit_name": link.need.unit.name,
            "title": link.need.title,
            "fate": link.fate,
            "reason": link.reason,
        }
        ids = [a.pk for a in link.activities.all()]
        for pk in ids:
            by_activity.setdefault(pk, []).append(source)
        fates.append(
            {
                **source,
                "postponed_to": link.postponed_to,
                "referred_to": link.referred_to,
                "activity_ids": ids,
            }
        )
    activities = [
        {
            "id": a.pk,
            "number": a.number,
            "title": a.title,
            "quarters": sorted(a.quarters),
            "responsible": a.responsible,
            "cost": a.cost,
            "funding_source": a.funding_source,
            "people_contribution": a.people_contribution,
            "business_contribution_value": a.business_contribution_value,
            "result": a.result.output if a.result_id else None,
            "needs": by_activity.get(a.pk, []),
        }
        for a in Activity.objects.filter(plan=plan).select_related("result").order_by("order", "id")
    ]
    return {**_plan_out(plan), "items": items, "activities": activities, "fates": fates}


class MeetingFilter(Schema):
    unit: int | None = None
    under: int | None = None
    year: int | None = Year()
    kind: Literal[tuple(MeetingKind.values)] | None = None  # type: ignore[valid-type]


def _meeting_out(m: Meeting) -> dict:
    return {
        "id": m.pk,
        "unit_id": m.unit_id,
        "unit_name": m.unit.name,
        "kind": m.kind,
        "starts_at": m.starts_at,
        "place": m.place,
        "chair_name": m.chair_name,
        "chair_role": m.chair_role,
        "men": m.men,
        "women": m.women,
        "attendance": m.attendance,
        "breakdown": m.breakdown or {},
    }


@meetings.get("/", response={200: list[MeetingOut], **ERRORS}, summary="Meetings the caller may read")
@paginate(KeysetPages)
def list_meetings(request, filters: Query[MeetingFilter]):
    """Village meetings, consultation conferences, voter contacts...: attendance by sex, never the attendees'
    names. Meetings are not public: anonymous callers get an empty list; people with a role, their units'."""
    qs = _by_place(
        restrict(Meeting.objects.select_related("unit"), request.user), filters.unit, filters.under
    )
    if filters.year is not None:
        qs = qs.filter(starts_at__year=filters.year)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return Mapped(qs, _meeting_out, ("unit__path", "starts_at", "id"))


@meetings.get("/{meeting_id}/", response={200: MeetingDetailOut, **ERRORS}, summary="One meeting")
def get_meeting(request, meeting_id: int):
    m = get_object_or_404(restrict(Meeting.objects.select_related("unit"), request.user), pk=meeting_id)
    return {
        **_meeting_out(m),
        "agenda": list(m.agenda.order_by("order", "id")),
        "need_ids": list(m.needs.order_by("id").values_list("id", flat=True)),
    }


class NeedFilter(Schema):
    unit: int | None = None
    under: int | None = None
    meeting: int | None = None
    sector: int | None = None


def _need_out(n: Need) -> dict:
    return {
        "id": n.pk,
        "unit_id": n.unit_id,
        "unit_name": n.unit.name,
        "code": n.code,
        "title": n.title,
        "sector": n.sector.name if n.sector_id else None,
        "kind": n.kind,
        "place": n.place,
        "quantity": float(n.quantity) if n.quantity is not None else None,
        "quantity_unit": n.quantity_unit,
        "timing": n.timing,
        "estimated_cost": n.estimated_cost,
        "contribution_money": n.contribution_money,
        "contribution_labour_days": n.contribution_labour_days,
        "contribution_value": n.contribution_value,
        "proposed_by_women": n.proposed_by_women,
        "meeting_id": n.meeting_id,
        "meeting_date": timezone.localdate(n.meeting.starts_at) if n.meeting_id else None,
    }


def _needs(user):
    return restrict(Need.objects.select_related("unit", "sector", "meeting"), user)


@needs.get("/", response={200: list[NeedOut], **ERRORS}, summary="Needs the caller may read")
@paginate(KeysetPages)
def list_needs(request, filters: Query[NeedFilter]):
    """What units asked for, with the people's contribution and the meeting it was raised at. Needs are not
    public on their own (a village's adopted plan is: see /plans/); people with a role read their units'."""
    qs = _by_place(_needs(request.user), filters.unit, filters.under)
    if filters.meeting is not None:
        qs = qs.filter(meeting_id=filters.meeting)
    if filters.sector is not None:
        qs = qs.filter(sector_id=filters.sector)
    return Mapped(qs, _need_out, ("unit__path", "id"))


@needs.get("/{need_id}/", response={200: NeedDetailOut, **ERRORS}, summary="One need, and its fates above")
def get_need(request, need_id: int):
    """The need, the sub-group that proposed it, and what every plan above that the caller may read decided about
    it (included, merged, postponed, referred, not included), with the reason."""
    n = get_object_or_404(_needs(request.user).select_related("subgroup"), pk=need_id)
    links = (
        NeedLink.objects.filter(need=n, plan__in=restrict(Plan.objects.all(), request.user))
        .select_related("plan__unit")
        .prefetch_related("activities")
        .order_by("plan__year_from", "plan_id")
    )
    fates = [
        {
            "plan_id": link.plan_id,
            "plan_unit_name": link.plan.unit.name,
            "plan_year": link.plan.year_from,
            "fate": link.fate,
            "reason": link.reason,
            "postponed_to": link.postponed_to,
            "referred_to": link.referred_to,
            "activity_ids": [a.pk for a in link.activities.all()],
        }
        for link in links
    ]
    return {**_need_out(n), "subgroup": n.subgroup.name if n.subgroup_id else None, "fates": fates}
