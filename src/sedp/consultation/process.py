"""The plan's process by its mode: the six steps of source 000 (SEDP), or the seven of source 004 (MOP-SEDP).

In MOP mode each of the seven steps is a `ProcessStep` row (dates, participants, meetings, outputs); the six-step
consultation (team, schedule, frozen drafts, comments, voter contacts, adoption) keeps its own records and is the
work of step 6. `step_links` says where each step's work is done in the application: one function, so that a
page added later (the markets pages of step 3) is linked in one place.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sedp.audit.actions import record, snapshot
from sedp.core import consultation as core
from sedp.plans.models import Plan, State

from .models import MopStep, ProcessStep, Step

FIELDS = ["starts_on", "ends_on", "done_on", "participants", "outputs"]

# The steps a MOP-SEDP plan has moved past in each state: its draft (5) went out for consultation; adopted, step 6
# is over.
STEPS_OVER = {
    State.IN_CONSULTATION: 5,
    State.REVISED: 5,
    State.ADOPTED: 6,
    State.APPROVED: 6,
    State.SUBMITTED: 6,
}

# What each step is for (source 004's "Mục tiêu"), shown on its page.
PURPOSE = {
    MopStep.PREPARATION: gettext_lazy("Ensure the conditions for the MOP-SEDP planning process."),
    MopStep.ASSESSMENT: gettext_lazy(
        "Assess how last year's plan targets were met: the results, the shortcomings and their causes, to change "
        "the situation in the plan year."
    ),
    MopStep.MARKET: gettext_lazy(
        "Find the commune's market opportunities by choosing and analysing priority product value chains, and "
        "propose activities that develop the priority chains and potential products."
    ),
    MopStep.OBJECTIVES: gettext_lazy(
        "Set the plan's general and specific objectives and its development targets."
    ),
    MopStep.DRAFT: gettext_lazy(
        "Draft the commune's annual MOP-SEDP and its monitoring and evaluation plan."
    ),
    MopStep.CONSULTATION: gettext_lazy(
        "A plan that fits the province's and district's socio-economic strategy, the sector plans and the budget "
        "allocation, agreed by the community and approved by the commune People's Council."
    ),
    MopStep.IMPLEMENTATION: gettext_lazy(
        "The community takes up the plan and turns it into action towards its objectives; its results are evaluated."
    ),
}


def purpose(step: int) -> str:
    return str(PURPOSE[MopStep(step)])


def market_url(plan: Plan) -> str | None:
    """Step 3's page: the commune's market information, value chains chosen and analysed (`sedp.markets`).

    MERGE(markets): `markets:plan` (args [plan.id]) comes with the markets app; until it is installed this is None
    and step 3 shows no link."""
    try:
        return reverse("markets:plan", args=[plan.id])
    except NoReverseMatch:
        return None


def step_links(plan: Plan, step: int) -> list[tuple[str, str]]:
    """(label, url) of the pages where a MOP-SEDP step's work is done."""
    pk = plan.pk
    links: dict[int, list[tuple[str, str | None]]] = {
        MopStep.PREPARATION: [
            (_("Planning team"), reverse("consultation:team", args=[pk])),
        ],
        MopStep.ASSESSMENT: [
            (_("Villages' plans"), reverse("plans:commune", args=[pk])),
        ],
        MopStep.MARKET: [
            (_("Market opportunities: prices and value chains"), market_url(plan)),
        ],
        MopStep.OBJECTIVES: [
            (_("Key targets"), reverse("plans:logframe", args=[pk]) + "#header"),
            (_("Logframe"), reverse("plans:logframe", args=[pk])),
        ],
        MopStep.DRAFT: [
            (_("Logframe"), reverse("plans:logframe", args=[pk])),
            (_("M&E plan"), reverse("plans:me_plan", args=[pk])),
            (_("Drafts"), reverse("consultation:versions", args=[pk])),
            (_("Documents"), reverse("plans:documents", args=[pk])),
        ],
        MopStep.CONSULTATION: [
            *((str(s.label), reverse("consultation:step", args=[pk, s.value])) for s in Step),
            (_("Comments"), reverse("consultation:comments", args=[pk])),
            (_("State of the plan"), reverse("consultation:plan", args=[pk]) + "#state"),
        ],
        MopStep.IMPLEMENTATION: [
            (
                _("Implementation monitoring"),
                reverse("monitoring:plan", args=[pk]) if plan.is_public else None,
            ),
        ],
    }
    return [(label, url) for label, url in links[MopStep(step)] if url]


def status(s: ProcessStep | None, step: int, state: str, today: date) -> str:
    """Where a step stands: done, passed (the plan has moved beyond it), overdue, under way, scheduled, not
    scheduled — the same words as the six steps'."""
    if s is not None and s.done_on is not None:
        return core.DONE
    if step <= STEPS_OVER.get(state, 0):
        return core.PASSED
    return core.step_status(s.starts_on if s else None, s.ends_on if s else None, None, today)


def process_step(plan: Plan, step: int) -> ProcessStep:
    """The step's row, or an unsaved one."""
    return plan.process_steps.filter(step=step).first() or ProcessStep(plan=plan, step=step)


def _meeting_names(s: ProcessStep) -> list[str]:
    return [f"{m.get_kind_display()} {timezone.localtime(m.starts_at):%d/%m/%Y}" for m in s.meetings.all()]


@transaction.atomic
def update_step(
    plan: Plan,
    step: int,
    *,
    actor,
    starts_on: date | None = None,
    ends_on: date | None = None,
    done_on: date | None = None,
    participants: str = "",
    outputs: str = "",
    meetings=(),
) -> ProcessStep:
    """Write a step's dates, participants (text and the commune's meetings) and outputs; audited."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_mop:
        raise ValidationError(_("The seven steps belong to a market-oriented plan (MOP-SEDP)."))
    if step not in MopStep.values:
        raise ValidationError({"step": _("Choose one of the seven steps.")})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("“To” is before “From”.")})
    meetings = list(meetings)
    for m in meetings:
        if m.unit_id != plan.unit_id and getattr(m.unit, "parent_id", None) != plan.unit_id:
            raise ValidationError({"meetings": _("Choose meetings of the commune or its villages.")})
    s = ProcessStep.objects.filter(plan=plan, step=step).first()
    before = {**snapshot(s, FIELDS), "meetings": _meeting_names(s)} if s else None
    if s is None:
        s = ProcessStep(plan=plan, step=step)
    s.starts_on, s.ends_on, s.done_on = starts_on, ends_on, done_on
    s.participants, s.outputs = (participants or "").strip(), (outputs or "").strip()
    s.save()
    s.meetings.set(meetings)
    record(
        actor,
        "consultation.update_process_step",
        plan,
        before=before,
        after={"step": step, **snapshot(s, FIELDS), "meetings": _meeting_names(s)},
    )
    return s
