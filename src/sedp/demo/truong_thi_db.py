"""Source 000's own example in the database: the 2010 plan of phường Trường Thi (TP Nam Định), as a complete
adopted plan — adopted by the ward, approved by the People's Council, submitted to the city.

The content is `sedp.demo.truong_thi_2010.PLAN` (transcribed from Appendix 1 of source 000), written through
`sedp.plans.logframe.actions.load_core`. The states are set directly (the consultation's state machine belongs to
`sedp.consultation`; this module does not depend on it).

What the source does not give, and what we chose (illustrative, not from the source):
- the adoption date: the plan's own date, 05/02/2010;
- the People's Council resolution "Nghị quyết số 02/NQ-HĐND" of 12/02/2010, a week after the plan — a number and
  date of the usual form. Caveat: Nam Định was, as far as we know, one of the ten provinces of the 2009–2016 pilot
  (Resolution 26/2008/QH12) that had no People's Council at ward level, so in 2010 the city's People's Committee
  would rather have approved a ward plan; the resolution stands for "approved by the level above" in our states.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from sedp.audit.actions import record
from sedp.plans.logframe.actions import core_json, load_core, to_core
from sedp.plans.models import Kind, Plan, State

from .truong_thi_2010 import PLAN, YEAR

RESOLUTION_NUMBER = "02/NQ-HĐND"  # illustrative
RESOLUTION_DATE = date(2010, 2, 12)  # illustrative
ADOPTED_ON = datetime(2010, 2, 5, 9, 0)


@transaction.atomic
def load_truong_thi(ward, cycle, *, actor=None) -> Plan:
    """The ward's 2010 commune plan, made once: a second call returns the plan already there."""
    plan = (
        Plan.objects.filter(unit=ward, kind=Kind.COMMUNE_ANNUAL, year_from=YEAR).order_by("version").first()
    )
    if plan is not None:
        return plan
    plan = Plan.objects.create(
        unit=ward,
        cycle=cycle,
        kind=Kind.COMMUNE_ANNUAL,
        year_from=YEAR,
        year_to=YEAR,
        created_by=actor,
    )
    load_core(plan, PLAN, actor=actor)
    plan.state, plan.locked = State.SUBMITTED, True
    plan.adopted_on = timezone.make_aware(ADOPTED_ON)
    plan.resolution_number, plan.resolution_date = RESOLUTION_NUMBER, RESOLUTION_DATE
    plan.snapshot = core_json(to_core(plan))
    plan.save(
        update_fields=["state", "locked", "adopted_on", "resolution_number", "resolution_date", "snapshot"]
    )
    record(
        actor,
        "demo.truong_thi",
        plan,
        before={"state": State.DRAFT},
        after={
            "states": [State.ADOPTED, State.APPROVED, State.SUBMITTED],
            "resolution": RESOLUTION_NUMBER,
            "resolution_date": RESOLUTION_DATE.isoformat(),
        },
        reason="Ví dụ của nguồn 000 (Phụ lục 1): kế hoạch năm 2010 của phường Trường Thi.",
    )
    return plan
