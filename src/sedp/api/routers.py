"""REST API v1. Every list and detail goes through the same restricting queryset as the pages."""

from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from sedp.accounts.policy import restrict
from sedp.core.calendar import cycle_status
from sedp.cycles.models import Cycle
from sedp.places.models import Unit

from .schemas import CycleOut, Error, UnitOut

places = Router(tags=["places"])
cycles = Router(tags=["cycles"])


class PlaceFilter(Schema):
    level: Literal["province", "district", "commune", "village"] | None = None
    parent: int | None = None
    q: str | None = None
    legacy: bool = False


@places.get("/", response=list[UnitOut], summary="List administrative units")
@paginate(LimitOffsetPagination)
def list_places(request, filters: Query[PlaceFilter]):
    """Filter by `level`, by `parent` (a unit id), search by name with or without diacritics (`q=dak lak`
    finds "Đắk Lắk"); `legacy=true` lists the pre-2025 structure."""
    qs = restrict(Unit.objects.all(), request.user).filter(is_legacy=filters.legacy)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    return qs.search(filters.q) if filters.q else qs.order_by("path")


@places.get("/{unit_id}/", response={200: UnitOut, 404: Error}, summary="One administrative unit")
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


@cycles.get("/", response=list[CycleOut], summary="Planning cycles the caller may read")
@paginate(LimitOffsetPagination)
def list_cycles(request, plan_year: int | None = None, unit: int | None = None):
    qs = restrict(Cycle.objects.select_related("unit"), request.user).prefetch_related("milestones")
    if plan_year:
        qs = qs.filter(plan_year=plan_year)
    if unit:
        qs = qs.filter(unit_id=unit)
    today = timezone.localdate()
    return [_cycle_out(c, today) for c in qs]


@cycles.get("/{cycle_id}/", response={200: CycleOut, 404: Error}, summary="One planning cycle")
def get_cycle(request, cycle_id: int):
    qs = restrict(Cycle.objects.select_related("unit"), request.user).prefetch_related("milestones")
    return _cycle_out(get_object_or_404(qs, pk=cycle_id), timezone.localdate())
