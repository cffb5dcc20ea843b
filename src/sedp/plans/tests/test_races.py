"""Races and double submissions on a commune plan: twenty requests released together by a barrier, on a database
the threads really share (`shared_db`). Whatever the order the database lets them in, a decision someone made is
not overwritten, nothing is done twice, and nobody gets a server error."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from sedp.audit.models import AuditEntry
from sedp.core.calendar import planning_year
from sedp.funding.proposal import part2_items
from sedp.needs.models import Need, Sector
from sedp.places.models import Unit
from sedp.plans.models import Fate, Kind, NeedLink, Plan, State
from sedp.plans.rollup import fates as tracing
from sedp.tests.threads import clients, outcomes, race

pytestmark = pytest.mark.django_db
N = 20
BUDGET = {"budget": "1.000.000.000", "cap": 2}
NO = {"fate": Fate.NOT_INCLUDED, "reason": "Đã có dự án của tỉnh."}


def _people(*names):
    users = get_user_model().objects.in_bulk([*names], field_name="username")
    return [users[n] for n in names]


def _commune_plan():
    commune = Unit.objects.get(level="commune", code="24169", is_legacy=False)
    (planner,) = _people("canboxa")
    year = planning_year(timezone.localdate())
    return tracing.create_commune_plan(commune, year, actor=planner)


def _decisions(plan):
    return list(
        AuditEntry.objects.filter(action="plans.decide_need", object_id=str(plan.pk)).values_list(
            "after__need", flat=True
        )
    )


def test_applying_the_proposal_while_a_need_is_decided_keeps_the_decision(shared_db):
    plan = _commune_plan()
    items = part2_items(plan)
    need = items[0].need
    browsers = clients(_people("canboxa", "chutichxa") * (N // 2))
    proposal = f"/plans/{plan.pk}/rollup/needs/proposal/"
    decide = f"/plans/{plan.pk}/rollup/needs/{need.pk}/"

    responses = race(
        N, lambda i: browsers[i].post(proposal if i % 2 == 0 else decide, BUDGET if i % 2 == 0 else NO)
    )

    assert outcomes(responses) == {302: N}
    link = NeedLink.objects.get(plan=plan, need=need)
    assert (link.fate, link.reason) == (NO["fate"], NO["reason"])
    decisions = _decisions(plan)
    others = [n for n in decisions if n != need.pk]
    assert sorted(others) == sorted(i.need_id for i in items[1:])  # each decided once
    assert decisions.count(need.pk) <= 2  # the proposal's, if it came first, then the person's, once


def test_twenty_identical_applications_decide_each_need_once(shared_db):
    plan = _commune_plan()
    items = part2_items(plan)
    browsers = clients(_people("canboxa") * N)
    url = f"/plans/{plan.pk}/rollup/needs/proposal/"

    responses = race(N, lambda i: browsers[i].post(url, BUDGET))

    assert outcomes(responses) == {302: N}
    assert sorted(_decisions(plan)) == sorted(i.need_id for i in items)
    links = NeedLink.objects.filter(plan=plan)
    assert links.count() == len(items)
    included = links.filter(fate=Fate.INCLUDED).count()
    assert plan.activities.count() == included


def test_twenty_identical_own_needs_add_one_need_and_no_error(shared_db):
    plan = _commune_plan()
    sector = Sector.for_unit(plan.unit).first()
    browsers = clients(_people("canboxa") * N)
    form = browsers[0].get(f"/plans/{plan.pk}/rollup/needs/").context["own_form"]
    data = {
        **{f.html_name: f.value() for f in form.hidden_fields()},  # as the page gave them, sent 20 times
        "title": "Xây nhà văn hóa xã",
        "sector": sector.pk,
        "kind": "construction",
        "estimated_cost": "900.000.000",
    }

    responses = race(N, lambda i: browsers[i].post(f"/plans/{plan.pk}/rollup/needs/add/", data))

    assert outcomes(responses) == {302: N}
    assert Need.objects.filter(unit=plan.unit, title="Xây nhà văn hóa xã").count() == 1


def test_twenty_people_adding_own_needs_at_once_each_get_a_code(shared_db):
    plan = _commune_plan()
    sector = Sector.for_unit(plan.unit).first()
    browsers = clients(_people("canboxa", "chutichxa") * (N // 2))
    before = Need.objects.filter(unit=plan.unit).count()

    def add(i):
        data = {"title": f"Nhu cầu của xã số {i}", "sector": sector.pk, "kind": "service"}
        return browsers[i].post(f"/plans/{plan.pk}/rollup/needs/add/", data)

    responses = race(N, add)

    assert outcomes(responses) == {302: N}
    codes = Need.objects.filter(unit=plan.unit).values_list("code", flat=True)
    assert len(codes) == before + N == len(set(codes))


def test_twenty_new_versions_at_once_make_one(shared_db):
    adopted = (
        Plan.objects.filter(kind=Kind.VILLAGE_ANNUAL, state=State.ADOPTED, next_version__isnull=True)
        .select_related("unit")
        .first()
    )
    browsers = clients(_people("canboxa") * N)
    url = f"/plans/{adopted.pk}/new-version/"

    responses = race(N, lambda i: browsers[i].post(url, {"reason": "Bổ sung theo ý kiến của dân"}))

    assert outcomes(responses) == {302: N}
    (copy,) = Plan.objects.filter(previous=adopted)
    assert AuditEntry.objects.filter(action="plans.new_version", object_id=str(copy.pk)).count() == 1
