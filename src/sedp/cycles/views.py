from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sedp.accounts.policy import access, can, restrict
from sedp.accounts.roles import Action
from sedp.core.calendar import DEFAULT_MILESTONES, DayOfYear, cycle_status
from sedp.places.choices import Level
from sedp.places.models import Unit

from . import actions
from .forms import CalendarRowForm, CycleForm, MilestoneForm
from .labels import PHASE_LABELS, milestone_label
from .models import Cycle, Milestone


def cycle_list(request):
    cycles = restrict(Cycle.objects.select_related("unit"), request.user)
    return render(request, "cycles/list.html", {"cycles": cycles})


def detail(request, pk: int):
    cycle = access(request.user, Cycle.objects.select_related("unit"), pk=pk)
    milestones = list(cycle.milestones.all())
    today = timezone.localdate()
    status = cycle_status([m.as_core() for m in milestones], today)
    overdue = {m.key for m in status.overdue}
    return render(
        request,
        "cycles/detail.html",
        {
            "cycle": cycle,
            "rows": [(m, milestone_label(m.key, cycle.tiers), m.key in overdue) for m in milestones],
            "status": status,
            "phase_label": PHASE_LABELS.get(status.phase) if status.phase else None,
            "can_manage": can(request.user, Action.MANAGE, cycle),
        },
    )


@login_required
def edit_milestone(request, pk: int):
    milestone = access(request.user, Milestone.objects.select_related("cycle__unit"), Action.MANAGE, pk=pk)
    label = milestone_label(milestone.key, milestone.cycle.tiers)
    if request.method == "POST":
        form = MilestoneForm(request.POST)
        if form.is_valid():
            actions.update_milestone(milestone, actor=request.user, **form.cleaned_data)
            if request.htmx:
                return render(
                    request,
                    "cycles/detail.html#milestone-row",
                    {"m": milestone, "label": label, "is_overdue": False, "can_manage": True},
                )
            messages.success(request, _("Saved."))
            return redirect("cycles:detail", pk=milestone.cycle_id)
    else:
        form = MilestoneForm(
            initial={f: getattr(milestone, f) for f in ("starts_on", "due_on", "done_on", "note")}
        )
    template = "cycles/milestone_form.html#form" if request.htmx else "cycles/milestone_form.html"
    return render(request, template, {"form": form, "m": milestone, "label": label})


@login_required
def create(request, unit_pk: int):
    unit = access(request.user, Unit.objects.exclude(level=Level.VILLAGE), Action.MANAGE, pk=unit_pk)
    form = CycleForm(request.POST or None, initial={"plan_year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            cycle = actions.create_cycle(
                unit,
                form.cleaned_data["plan_year"],
                actor=request.user,
                published=form.cleaned_data["is_published"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for e in errors:
                    form.add_error(field, e)
        else:
            return redirect("cycles:detail", pk=cycle.pk)
    return render(request, "cycles/create.html", {"form": form, "unit": unit})


CalendarFormSet = formset_factory(CalendarRowForm, extra=0)


@login_required
def province_calendar(request, province_pk: int):
    province = access(request.user, Unit.objects.filter(level=Level.PROVINCE), Action.MANAGE, pk=province_pk)
    current = actions.province_overrides(province)
    initial = []
    for spec in DEFAULT_MILESTONES:
        starts, ends = current.get(spec.key, (spec.starts, spec.ends))
        initial.append(
            {
                "starts": f"{starts.day:02d}/{starts.month:02d}",
                "starts_year": starts.year_offset,
                "ends": f"{ends.day:02d}/{ends.month:02d}",
                "ends_year": ends.year_offset,
            }
        )
    formset = CalendarFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        for spec, row in zip(DEFAULT_MILESTONES, formset.cleaned_data, strict=True):
            (sd, sm), (ed, em) = row["starts"], row["ends"]
            actions.set_province_calendar(
                province,
                spec.key,
                DayOfYear(sm, sd, row["starts_year"]),
                DayOfYear(em, ed, row["ends_year"]),
                actor=request.user,
            )
        messages.success(request, _("The calendar is saved. New cycles in this province will use it."))
        return redirect("cycles:calendar", province_pk=province.pk)
    rows = [
        (milestone_label(s.key, province.tiers), f)
        for s, f in zip(DEFAULT_MILESTONES, formset.forms, strict=True)
    ]
    return render(request, "cycles/calendar.html", {"province": province, "formset": formset, "rows": rows})
