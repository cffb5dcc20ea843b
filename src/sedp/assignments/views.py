"""Pages of the assignment: the upper level's overview with the check, the form per receiving unit, the issuing;
the receiving unit's view of what it was assigned and the adjustment of its plan; the printable A4 notice.

Reads go through the policy (`access`); the upper level's writes need Action.CHANGE on its plan, the receiving
unit's adjustment Action.CHANGE on the receiving unit. A draft is seen only by those who may change it; the public
reads issued assignments only (the model's public rule)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp.accounts.policy import access, can, restrict
from sedp.accounts.roles import Action
from sedp.core.calendar import assignment_milestone
from sedp.cycles.models import Milestone
from sedp.exports import printing
from sedp.exports.printing import print_csp
from sedp.funding.models import FundingSource
from sedp.meetings.fields import add_errors
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import Activity, Measure, Plan
from sedp.plans.rollup.aggregation import cycle_for

from . import actions, notice
from .forms import AssignmentForm, BudgetRows, ExplanationForm, TargetRows
from .models import Assignment, State

PDF = "application/pdf"


def _plan(request, pk, action=Action.VIEW) -> Plan:
    return access(
        request.user,
        Plan.objects.filter(kind__in=actions.ASSIGNING_KINDS).select_related("unit", "cycle"),
        action,
        pk=pk,
    )


def _assignment(request, pk) -> Assignment:
    a = access(request.user, Assignment.objects.select_related("plan__unit", "unit", "adjusted_plan"), pk=pk)
    if a.state != State.ISSUED and not can(request.user, Action.CHANGE, a):
        raise Http404
    return a


def _due(plan: Plan):
    key = assignment_milestone(plan.unit.level)
    cycle = plan.cycle or cycle_for(plan.unit, plan.year_from)
    if key is None or cycle is None:
        return None
    return Milestone.objects.filter(cycle=cycle, key=key).first()


@login_required
def overview(request, pk: int):
    """The upper level's assignment: each receiving unit with its assignment, and the check line by line. Drafts
    are the assigning level's working papers: only those who may change its plan read them (the receiving units
    read their issued assignment on its own page)."""
    plan = _plan(request, pk, Action.CHANGE)
    can_change = True
    data = actions.lines(plan)
    result = actions.check(plan, data)
    by_unit = {a.unit_id: a for a in plan.handed_down.all()}
    budget_totals: dict[int, int] = {}
    target_counts: dict[int, int] = {}
    for h in data.handed:
        if h.key.startswith("source:"):
            budget_totals[h.child] = budget_totals.get(h.child, 0) + h.value
        else:
            target_counts[h.child] = target_counts.get(h.child, 0) + 1
    rows = [
        {
            "unit": u,
            "assignment": by_unit.get(u.pk),
            "total": budget_totals.get(u.pk, 0),
            "targets": target_counts.get(u.pk, 0),
        }
        for u in actions.receiving_units(plan)
    ]
    lang = "vi" if (request.LANGUAGE_CODE or "vi").startswith("vi") else "en"
    check_rows = []
    for line in result.lines:
        sentence = line.sentence(lang)
        if line.received is None:
            sentence = sentence.replace(line.name, actions.line_name(data, line.key), 1)
        check_rows.append(
            {
                "line": line,
                "name": actions.line_name(data, line.key) if line.received is None else line.name,
                "sentence": sentence,
                "form": ExplanationForm(initial={"key": line.key, "reason": line.reason})
                if can_change and line.status != "ok"
                else None,
            }
        )
    context = {
        "plan": plan,
        "rows": rows,
        "check": result,
        "check_rows": check_rows,
        "can_change": can_change,
        "can_assign": actions.can_assign_from(plan),
        "drafts": sum(1 for r in rows if r["assignment"] and r["assignment"].state == State.DRAFT),
        "milestone": _due(plan),
        "today": timezone.localdate(),
    }
    return render(request, "assignments/overview.html", context)


def _choices(plan: Plan, unit: Unit):
    money, _sources = actions.received_sources(plan)
    sources = FundingSource.objects.filter(pk__in=list(money)).select_related("unit")
    if unit.level == Level.VILLAGE:
        activities = Activity.objects.filter(plan__unit=plan.unit, plan__year_from=plan.year_from)
    else:
        activities = Activity.objects.filter(
            plan__unit__path__startswith=unit.path, plan__year_from=plan.year_from
        )
    return sources, activities.select_related("plan").order_by(
        "plan__unit__name", "-plan__version", "order", "id"
    )


def _initial(plan: Plan, unit: Unit, assignment: Assignment | None):
    if assignment is not None and (assignment.budgets.exists() or assignment.targets.exists()):
        budgets = [
            {"source": b.source_id, "activity": b.activity_id, "amount": b.amount}
            for b in assignment.budgets.all()
        ]
        targets = [
            {"measure": t.measure_id, "name": t.name, "unit_of_measure": t.unit_of_measure, "value": t.value}
            for t in assignment.targets.all()
        ]
        return budgets, targets, False
    p = actions.propose(plan, unit)
    budgets = [
        {
            "source": b["source"].pk,
            "activity": b["activity"].pk if b["activity"] else None,
            "amount": b["amount"],
        }
        for b in p.budgets
    ]
    targets = [
        {
            "measure": t["measure"].pk if t["measure"] else None,
            "name": t["name"],
            "unit_of_measure": t["unit_of_measure"],
            "value": t["value"],
        }
        for t in p.targets
    ]
    return budgets, targets, True


@login_required
def edit(request, pk: int, unit_pk: int):
    """One receiving unit's assignment: decision number and date, budgets by source and activity, targets."""
    plan = _plan(request, pk, Action.CHANGE)
    unit = access(request.user, Unit.objects.filter(parent=plan.unit), pk=unit_pk)
    assignment = Assignment.objects.filter(plan=plan, unit=unit).first()
    if assignment is not None and assignment.state == State.ISSUED:
        return redirect("assignments:detail", pk=assignment.pk)
    sources, activities = _choices(plan, unit)
    row_kwargs = {"sources": sources, "activities": activities}
    if request.method == "POST":
        form = AssignmentForm(request.POST)
        budgets = BudgetRows(request.POST, prefix="budget", row_kwargs=row_kwargs)
        targets = TargetRows(request.POST, prefix="target", row_kwargs={})
        if form.is_valid() and budgets.is_valid() and targets.is_valid():
            measure_ids = [t["measure"] for t in targets.rows() if t.get("measure")]
            measures = Measure.for_unit(plan.unit).in_bulk(measure_ids)
            try:
                actions.save(
                    plan,
                    unit,
                    actor=request.user,
                    budgets=budgets.rows(),
                    targets=[
                        {
                            "measure": measures.get(t.get("measure")),
                            "name": t["name"].strip(),
                            "unit_of_measure": t.get("unit_of_measure", ""),
                            "value": t["value"],
                        }
                        for t in targets.rows()
                    ],
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The assignment of %(unit)s is saved.") % {"unit": unit.name})
                return redirect("assignments:overview", pk=plan.pk)
        proposed = False
    else:
        b_initial, t_initial, proposed = _initial(plan, unit, assignment)
        form = AssignmentForm(
            initial={"doc_number": assignment.doc_number, "doc_date": assignment.doc_date}
            if assignment
            else None
        )
        budgets = BudgetRows(prefix="budget", initial=b_initial, row_kwargs=row_kwargs)
        targets = TargetRows(prefix="target", initial=t_initial, row_kwargs={})
    context = {
        "plan": plan,
        "unit": unit,
        "assignment": assignment,
        "form": form,
        "budgets": budgets,
        "targets": targets,
        "proposed": proposed,
    }
    return render(request, "assignments/edit.html", context)


@login_required
@require_POST
def explain(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    form = ExplanationForm(request.POST)
    if form.is_valid():
        try:
            actions.explain(plan, form.cleaned_data["key"], form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("The reason is recorded."))
    else:
        for errors in form.errors.values():
            for m in errors:
                messages.error(request, m)
    return redirect("assignments:overview", pk=plan.pk)


@login_required
@require_POST
def issue(request, pk: int):
    a = access(request.user, Assignment.objects.select_related("plan", "unit"), Action.CHANGE, pk=pk)
    try:
        actions.issue(a, actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("The assignment of %(unit)s is issued.") % {"unit": a.unit.name})
    return redirect("assignments:overview", pk=a.plan_id)


@login_required
@require_POST
def issue_all(request, pk: int):
    plan = _plan(request, pk, Action.CHANGE)
    try:
        issued = actions.issue_all(plan, actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("%(n)d assignments issued.") % {"n": len(issued)})
    return redirect("assignments:overview", pk=plan.pk)


def detail(request, pk: int):
    """An assignment as the receiving unit (and anyone, once issued) reads it."""
    a = _assignment(request, pk)
    context = {
        "a": a,
        "budgets": a.budgets.select_related("source", "activity").order_by("source_id", "id"),
        "targets": a.targets.all(),
        "total": sum(b.amount for b in a.budgets.all()),
        "can_adjust": a.state == State.ISSUED
        and a.unit.level in actions.RECEIVING_KIND
        and can(request.user, Action.CHANGE, a.unit),
        "can_change": can(request.user, Action.CHANGE, a),
        "base_plan": actions.latest_plan(a.unit, a.year, public_only=False)
        if a.adjusted_plan_id is None
        else None,
        "differences": _differences(a.adjusted_plan.change_reason) if a.adjusted_plan_id else None,
    }
    return render(request, "assignments/detail.html", context)


def _differences(reason: str) -> tuple[str, list[str]]:
    """The adjusted version's reason as written by `actions.adjust_plan`: a heading, then one "- " line each."""
    head, *rest = reason.splitlines() or [""]
    return head, [line.removeprefix("- ") for line in rest]


@login_required
@require_POST
def adjust(request, pk: int):
    a = _assignment(request, pk)
    if not can(request.user, Action.CHANGE, a.unit):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    try:
        copy = actions.adjust_plan(a, actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("Version %(v)d of the plan is made from the assignment; its differences are listed below.")
            % {"v": copy.version},
        )
    return redirect("assignments:detail", pk=a.pk)


def unit(request, unit_pk: int):
    """What a unit was assigned (its issued assignments, newest year first), and the plans it assigns down from."""
    u = access(request.user, Unit.objects.select_related("parent"), pk=unit_pk)
    received = restrict(Assignment.objects.filter(unit=u), request.user).select_related("plan__unit")
    received = [a for a in received if a.state == State.ISSUED or can(request.user, Action.CHANGE, a)]
    plans = []
    if request.user.is_authenticated and u.level != Level.VILLAGE:
        plans = list(
            restrict(Plan.objects.filter(unit=u, kind__in=actions.ASSIGNING_KINDS), request.user).order_by(
                "-year_from", "-version"
            )
        )
        plans = [p for p in plans if actions.can_assign_from(p)]
    return render(request, "assignments/unit.html", {"unit": u, "received": received, "plans": plans})


def _notice(request, pk: int) -> tuple[Assignment, notice.Notice]:
    a = _assignment(request, pk)
    return a, notice.notice_for(a)


@print_csp
def notice_page(request, pk: int):
    """The A4 notice as an HTML page to print (`sedp.exports.printing`)."""
    from django.urls import reverse

    a, n = _notice(request, pk)
    toolbar = printing.toolbar(
        request,
        [
            (_("Download the PDF"), reverse("assignments:notice_pdf", args=[a.pk])),
            (_("Back to the assignment"), reverse("assignments:detail", args=[a.pk])),
        ],
    )
    return HttpResponse(notice.render_html(n, toolbar=toolbar))


def notice_pdf(request, pk: int):
    a, n = _notice(request, pk)
    response = HttpResponse(notice.render_pdf(n), content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="thong-bao-giao-ke-hoach-{a.year}-{a.unit_id}.pdf"'
    return response
