"""Pages of implementation and monitoring (issue 12, §1–2): a commune plan's works, one work (boards, milestones,
findings, photos), a unit's progress reports and their moves, and the upper level's reporting rate.

Views stay short: the rules and the permissions live in `sedp.monitoring.actions` and `sedp.accounts.policy`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sedp import query
from sedp.accounts.policy import access, can, restrict
from sedp.accounts.roles import Action
from sedp.core import reporting
from sedp.exports import report_workbook
from sedp.meetings.fields import LongTextField, add_errors
from sedp.places.models import Unit
from sedp.plans.models import Kind, Plan

from . import actions
from .forms import BoardForm, FindingForm, FollowForm, MilestoneForm, PhotoForm, ReportForm
from .models import Finding, Photo, Report, ReportLine, ReportState, Work


def _messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def _plan(request, pk: int) -> Plan:
    """A commune's annual plan the user may follow: the commune's people and those above, or a village whose
    works it holds."""
    plan = access(
        request.user,
        Plan.objects.select_related("unit__parent"),
        Action.VIEW,
        pk=pk,
        kind=Kind.COMMUNE_ANNUAL,
    )
    if not plan.is_public:
        raise Http404
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not can(request.user, Action.VIEW, plan) and not _works(request, plan).exists():
        raise PermissionDenied
    return plan


def _works(request, plan: Plan):
    return restrict(Work.objects.filter(activity__plan=plan), request.user)


def _latest_progress(works) -> dict[int, ReportLine]:
    """Each work's line in its latest report (by the period's last month)."""
    latest: dict[int, tuple] = {}
    lines = ReportLine.objects.filter(work__in=works).select_related("report")
    for line in lines:
        r = line.report
        ends = r.year * 12 + (r.period if r.period_kind == "month" else r.period * 3)
        if line.work_id not in latest or latest[line.work_id][0] < ends:
            latest[line.work_id] = (ends, line)
    return {k: v[1] for k, v in latest.items()}


@login_required
def plan_works(request, pk: int):
    plan = _plan(request, pk)
    today = timezone.localdate()
    works = list(
        _works(request, plan).select_related("activity", "unit").prefetch_related("fundings", "milestones")
    )
    progress = _latest_progress(works)
    rows = []
    for w in works:
        missed = sum(1 for m in w.milestones.all() if actions.milestone_missed(m, today))
        met = sum(1 for m in w.milestones.all() if m.met_on and not actions.milestone_missed(m, today))
        line = progress.get(w.pk)
        rows.append({"work": w, "met": met, "missed": missed, "progress": line.progress if line else None})
    return render(
        request,
        "monitoring/plan.html",
        {
            "plan": plan,
            "rows": rows,
            "tab": "monitoring",
            "can_start": can(request.user, Action.CHANGE, plan),
            "may_rate": plan.unit.parent_id is not None
            and can(request.user, Action.VIEW, Report(unit=plan.unit.parent)),
        },
    )


@require_POST
@login_required
def start(request, pk: int):
    plan = _plan(request, pk)
    try:
        started = actions.start_works(plan, request.user)
    except ValidationError as e:
        for m in _messages(e):
            messages.error(request, m)
    else:
        messages.success(request, _("%(n)d works are now followed.") % {"n": len(started)})
    return redirect("monitoring:plan", plan.pk)


# ------------------------------------------------------------------------------------------------------- a work


def _work(request, pk: int) -> Work:
    return access(
        request.user, Work.objects.select_related("activity__plan__unit", "unit"), Action.VIEW, pk=pk
    )


def _work_page(request, work: Work, forms: dict | None = None, status: int = 200):
    today = timezone.localdate()
    boards = work.boards.prefetch_related("members")
    board_rows = []
    for b in boards:
        members = list(b.members.all())
        board_rows.append(
            {
                "board": b,
                "members": members,
                "men": sum(1 for m in members if m.sex == "male"),
                "women": sum(1 for m in members if m.sex == "female"),
            }
        )
    milestones = list(work.milestones.all())
    for m in milestones:
        m.missed = actions.milestone_missed(m, today)
    may_change = can(request.user, Action.CHANGE, work)
    may_comment = may_change or can(request.user, Action.COMMENT, work)
    forms = forms or {}
    context = {
        "work": work,
        "plan": work.activity.plan,
        "fundings": list(work.fundings.all()),
        "boards": board_rows,
        "milestones": milestones,
        "findings": list(work.findings.all()),
        "photos": [_thumbnail(p) for p in work.photos.all()],
        "may_change": may_change,
        "may_comment": may_comment,
        "milestone_form": forms.get("milestone") or MilestoneForm(),
        "finding_form": forms.get("finding") or FindingForm(),
        "photo_form": forms.get("photo") or PhotoForm(),
        "follow_form": FollowForm(),
        "board_form": forms.get("board") or BoardForm(self_run=work.self_run),
        "follow_errors": forms.get("follow_errors", {}),
    }
    return render(request, "monitoring/work.html", context, status=status)


THUMB_WIDTH = 160


def _thumbnail(photo: Photo) -> Photo:
    """The photo's thumbnail size: 160 px wide, its height by the image's proportions (4:3 when unreadable)."""
    photo.thumb_width, photo.thumb_height = THUMB_WIDTH, THUMB_WIDTH * 3 // 4
    try:
        from PIL import Image

        with photo.image.open("rb") as f, Image.open(f) as image:
            width, height = image.size
        if width and height:
            photo.thumb_height = max(1, round(THUMB_WIDTH * height / width))
    except Exception:  # noqa: BLE001 — a file that cannot be read keeps the 4:3 box
        pass
    return photo


def _members(text: str) -> list[dict]:
    """One member a line: "name; male/female (nam/nữ); role"."""
    sexes = {"nam": "male", "male": "male", "nữ": "female", "nu": "female", "female": "female"}
    out = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split(";")] + ["", ""]
        out.append({"name": parts[0], "sex": sexes.get(parts[1].lower(), parts[1]), "role": parts[2]})
    return out


def _act_on_work(
    request,
    pk: int,
    name: str,
    form_class,
    act,
    *,
    comment: bool = False,
    files: bool = False,
    form_kwargs=None,
):
    """One POST on a work's page: the form checked, then the action; any refusal shows the page again with the
    form and its errors (status 400) and nothing saved. ``comment``: the Front's and the community's monitors
    may do it too, not only those who change the work; ``form_kwargs(work)``: what the form needs of the work."""
    work = _work(request, pk)
    allowed = can(request.user, Action.CHANGE, work) or (comment and can(request.user, Action.COMMENT, work))
    if not allowed:
        raise PermissionDenied
    data = (request.POST, request.FILES) if files else (request.POST,)
    form = form_class(*data, **(form_kwargs(work) if form_kwargs else {}))
    if form.is_valid():
        try:
            act(work, form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            return redirect("monitoring:work", work.pk)
    return _work_page(request, work, {name: form}, status=400)


@require_POST
@login_required
def board(request, pk: int):
    return _act_on_work(
        request,
        pk,
        "board",
        BoardForm,
        lambda work, data: actions.set_board(work, data["kind"], _members(data["members"]), request.user),
        form_kwargs=lambda work: {"self_run": work.self_run},
    )


@login_required
def work(request, pk: int):
    return _work_page(request, _work(request, pk))


@require_POST
@login_required
def milestone(request, pk: int):
    return _act_on_work(
        request,
        pk,
        "milestone",
        MilestoneForm,
        lambda work, data: actions.meet_milestone(
            work, data["kind"], request.user, met_on=data["met_on"], due=data["due"]
        ),
    )


@require_POST
@login_required
def finding_add(request, pk: int):
    return _act_on_work(
        request,
        pk,
        "finding",
        FindingForm,
        lambda work, data: actions.record_finding(
            work, request.user, on=data["on"], checked=data["checked"], found=data["found"]
        ),
        comment=True,
    )


@require_POST
@login_required
def finding_follow(request, pk: int):
    finding = access(request.user, Finding.objects.select_related("work"), Action.CHANGE, pk=pk)
    form = FollowForm(request.POST)
    if form.is_valid():
        try:
            actions.follow_finding(
                finding, form.cleaned_data["status"], request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as e:
            add_errors(form, e)
        else:
            return redirect("monitoring:work", finding.work_id)
    errors = [e for errs in form.errors.values() for e in errs]
    return _work_page(
        request, _work(request, finding.work_id), {"follow_errors": {finding.pk: errors}}, status=400
    )


@require_POST
@login_required
def photo_add(request, pk: int):
    return _act_on_work(
        request,
        pk,
        "photo",
        PhotoForm,
        lambda work, data: actions.add_photo(
            work, data["image"], request.user, stage=data["stage"], caption=data["caption"]
        ),
        comment=True,
        files=True,
    )


@login_required
def photo_file(request, pk: int):
    """The photo itself, only to people who may view its work."""
    photo = access(request.user, Photo, Action.VIEW, pk=pk)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type=photo.content_type)


# ---------------------------------------------------------------------------------------------------- reports


def _report_unit(request, plan: Plan) -> Unit:
    unit_pk = query.ident(request, "unit") or query.as_ident(request.POST.get("unit"))
    if unit_pk is None and (query.has(request, "unit") or request.POST.get("unit")):
        raise Http404
    unit = get_object_or_404(Unit, pk=unit_pk or plan.unit_id)
    if unit.pk != plan.unit_id and unit.parent_id != plan.unit_id:
        raise Http404
    if not can(request.user, Action.VIEW, Report(unit=unit)):
        raise PermissionDenied
    return unit


@login_required
def reports(request, pk: int):
    plan = _plan(request, pk)
    unit = _report_unit(request, plan)
    return _reports_page(
        request, plan, unit, ReportForm(initial={"period_kind": "quarter", "year": plan.year_from})
    )


def _reports_page(request, plan, unit, form, status=200):
    items = Report.objects.filter(plan=plan, unit=unit)
    # The commune, and the villages running works of the plan themselves, each report on it.
    village_ids = _works(request, plan).filter(self_run=True).values("unit")
    reporters = [
        u
        for u in Unit.objects.filter(Q(pk=plan.unit_id) | Q(pk__in=village_ids)).order_by("level", "name")
        if can(request.user, Action.VIEW, Report(unit=u))
    ]
    return render(
        request,
        "monitoring/reports.html",
        {
            "plan": plan,
            "unit": unit,
            "reports": items,
            "reporters": reporters if len(reporters) > 1 else [],
            "form": form,
            "may_create": can(request.user, Action.CHANGE, unit),
            "tab": "monitoring",
        },
        status=status,
    )


@require_POST
@login_required
def report_new(request, pk: int):
    plan = _plan(request, pk)
    unit = _report_unit(request, plan)
    if not can(request.user, Action.CHANGE, unit):
        raise PermissionDenied
    form = ReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            due = reporting.period(data["period_kind"], data["year"], data["period"]).due
        except ValueError:
            form.add_error("period", _("Choose a month from 1 to 12 or a quarter from 1 to 4."))
        else:
            try:
                report = actions.create_report(
                    unit,
                    plan,
                    request.user,
                    period_kind=data["period_kind"],
                    period=data["period"],
                    year=data["year"],
                    due=due,
                )
            except ValidationError as e:
                add_errors(form, e)
            else:
                return redirect("monitoring:report", report.pk)
    return _reports_page(request, plan, unit, form, status=400)


def _report(request, pk: int) -> Report:
    return access(
        request.user, Report.objects.select_related("unit__parent", "plan__unit"), Action.VIEW, pk=pk
    )


def _why_read_only(report: Report, user) -> str:
    if report.locked:
        return _("This report is locked: it can no longer be changed.")
    if report.state != ReportState.DRAFT:
        return _("This report is %(state)s: it must be returned to draft before it changes.") % {
            "state": report.get_state_display()
        }
    if not can(user, Action.CHANGE, report):
        return _("You may read this report but not fill it.")
    return ""


def _int(value: str) -> int | None:
    value = (value or "").replace(".", "").replace(",", "").replace(" ", "").strip()
    if value == "":
        return 0
    try:
        number = int(value)
    except ValueError:
        return None
    return (
        number if abs(number) <= report_workbook.MAX_AMOUNT else None
    )  # the workbook's bound, and the form's


def _grouped(amount: int) -> str:
    """An amount as typed back in the form: 50.000.000 (which `_int` reads again)."""
    return f"{int(amount or 0):,}".replace(",", ".")


def _decimal_text(value) -> str | None:
    """A figure as typed back in the form: 121 rather than 121,00; 12,5 (which `_dec` reads again)."""
    if value is None:
        return None
    text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return text.replace(".", ",")


def _dec(value: str):
    from decimal import Decimal, InvalidOperation

    value = (value or "").replace(",", ".").strip()
    if value == "":
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return False
    # what an indicator's value can hold (16 digits, 2 of them decimals), as when read from the workbook
    return number if number.is_finite() and abs(number) < report_workbook.MAX_NUMBER else False


def is_ratio(indicator) -> bool:
    """A percentage indicator: reported as its numerator and denominator, so that it adds up over units."""
    return (indicator.unit or "").strip() == "%"


def _value_fields(indicator) -> tuple[str, ...]:
    if is_ratio(indicator):
        return ("numerator", "denominator", "men", "women")
    return ("value", "men", "women")


# The difficulties typed on the report's page, a line's or the report's own: checked as every form's text is.
_DIFFICULTIES = LongTextField(label=gettext_lazy("Difficulties"), required=False)
_REASON = LongTextField(label=gettext_lazy("Reason"), required=False)


def _save_report(request, report: Report, lines, values) -> dict:
    """Save every line and indicator value of the form, all or nothing; the errors by row."""
    errors: dict[str, list[str]] = {}
    try:
        with transaction.atomic():
            for line in lines:
                prefix = f"line-{line.pk}-"
                progress = _int(request.POST.get(prefix + "progress", ""))
                disbursed, settled = {}, {}
                row_errors = []
                for f in line.work.fundings.all():
                    amount = _int(request.POST.get(f"{prefix}source-{f.pk}", ""))
                    if amount is None:
                        row_errors.append(
                            _("“%(work)s”: the amount disbursed from %(source)s is not a number.")
                            % {"work": line.work, "source": f.source_name}
                        )
                    else:
                        disbursed[f.pk] = amount
                    done = _int(request.POST.get(f"{prefix}settled-{f.pk}", ""))
                    if done is None:
                        row_errors.append(
                            _("“%(work)s”: the amount settled from %(source)s is not a number.")
                            % {"work": line.work, "source": f.source_name}
                        )
                    else:
                        settled[f.pk] = done
                if progress is None:
                    row_errors.append(_("“%(work)s”: the progress is not a number.") % {"work": line.work})
                if row_errors:
                    errors[prefix] = row_errors
                    continue
                try:
                    actions.save_report_line(
                        report,
                        line.work,
                        request.user,
                        progress=progress,
                        disbursed=disbursed,
                        settled=settled,
                        difficulties=_DIFFICULTIES.clean(request.POST.get(prefix + "difficulties", "")),
                    )
                except ValidationError as e:
                    errors[prefix] = e.messages
            for item in values:
                prefix = f"ind-{item.pk}-"
                parsed = {k: _dec(request.POST.get(prefix + k, "")) for k in _value_fields(item.indicator)}
                bad = [k for k, v in parsed.items() if v is False]
                if bad:
                    errors[prefix] = [_("“%(name)s”: enter a number.") % {"name": item.indicator.name}]
                    continue
                try:
                    actions.save_indicator_value(report, item.indicator, request.user, **parsed)
                except ValidationError as e:
                    errors[prefix] = e.messages
            if "difficulties" in request.POST and not errors:
                # The report's own difficulties (the lines' are saved by save_report_line), audited too.
                try:
                    text = _DIFFICULTIES.clean(request.POST.get("difficulties", ""))
                except ValidationError as e:
                    errors["difficulties"] = e.messages
                else:
                    actions.save_report_difficulties(report, request.user, text)
            if errors:
                raise ValidationError("rollback")
    except ValidationError:
        pass
    return errors


def _report_rows(item: Report):
    lines = list(item.lines.select_related("work__activity", "work__unit").prefetch_related("work__fundings"))
    return lines, list(item.indicator_values.select_related("indicator"))


@login_required
def report(request, pk: int):
    item = _report(request, pk)
    lines, values = _report_rows(item)
    errors: dict = {}
    refused = ""
    status = 200
    if request.method == "POST":
        why = _why_read_only(item, request.user)
        if why:
            refused, status = why, 400
        else:
            errors = _save_report(request, item, lines, values)
            if not errors:
                messages.success(request, _("The report is saved."))
                return redirect("monitoring:report", item.pk)
            status = 400
    posted = request.POST if request.method == "POST" else None
    return _report_page(
        request, item, lines, values, errors=errors, refused=refused, posted=posted, status=status
    )


def _report_page(
    request, item, lines, values, *, errors=None, refused="", posted=None, status=200, upload_errors=()
):
    errors = errors or {}
    for line in lines:
        prefix = f"line-{line.pk}-"
        line.errors = errors.get(prefix, [])
        line.prefix = prefix
        line.progress_shown = posted.get(prefix + "progress") if posted else line.progress
        line.difficulties_shown = posted.get(prefix + "difficulties") if posted else line.difficulties
        line.sources = [
            {
                "funding": f,
                "name": f"{prefix}source-{f.pk}",
                "value": posted.get(f"{prefix}source-{f.pk}")
                if posted
                else _grouped(line.disbursed.get(str(f.pk), 0)),
                "disbursed_amount": line.disbursed.get(str(f.pk), 0),
                "settled_amount": line.settled.get(str(f.pk), 0),
                "settled_name": f"{prefix}settled-{f.pk}",
                "settled": posted.get(f"{prefix}settled-{f.pk}")
                if posted
                else _grouped(line.settled.get(str(f.pk), 0)),
            }
            for f in line.work.fundings.all()
        ]
    for v in values:
        prefix = f"ind-{v.pk}-"
        v.errors = errors.get(prefix, [])
        v.prefix = prefix
        v.ratio = is_ratio(v.indicator)
        v.shown = {
            k: (posted.get(prefix + k) if posted else _decimal_text(getattr(v, k)))
            for k in ("value", "men", "women", "numerator", "denominator")
        }
    moves = []
    if not item.locked:
        for to in actions.MOVES.get(item.state, ()):
            if actions._may_move(request.user, item, to):
                moves.append({"to": to, "label": MOVE_LABELS[to], "returns": to == ReportState.DRAFT})
    return render(
        request,
        "monitoring/report.html",
        {
            "report": item,
            "plan": item.plan,
            "lines": lines,
            "values": values,
            "read_only": _why_read_only(item, request.user),
            "refused": refused,
            "has_errors": bool(errors),
            "difficulties": posted.get("difficulties") if posted else item.difficulties,
            "difficulties_errors": (errors or {}).get("difficulties", []),
            "moves": moves,
            "period_label": _period_label(item),
            "upload_errors": upload_errors,
            "tab": "monitoring",
        },
        status=status,
    )


@login_required
def report_template(request, pk: int):
    """The report as an Excel template to fill offline (anyone who may read the report)."""
    item = _report(request, pk)
    response = HttpResponse(report_workbook.write(item), content_type=report_workbook.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report_workbook.filename(item)}"'
    return response


@require_POST
@login_required
def report_upload(request, pk: int):
    """The filled template read back into the report: all or nothing, every error named by sheet, row, column."""
    item = _report(request, pk)
    why = _why_read_only(item, request.user)
    outcome = None if why else report_workbook.upload(item, request.FILES.get("file"), request.user)
    if outcome is not None and outcome.ok:
        messages.success(
            request,
            _(
                "Imported from Excel: %(lines)d works and %(values)d indicators saved, %(same)d rows unchanged."
            )
            % {"lines": outcome.lines, "values": outcome.values, "same": outcome.unchanged}
            + (" " + _("The report's difficulties are saved.") if outcome.difficulties else ""),
        )
        return redirect("monitoring:report", item.pk)
    lines, values = _report_rows(item)
    errors = report_workbook.listed(outcome.errors) if outcome else []
    return _report_page(request, item, lines, values, refused=why, upload_errors=errors, status=400)


MOVE_LABELS = {
    ReportState.SUBMITTED: gettext_lazy("Submit"),
    ReportState.APPROVED: gettext_lazy("Approve"),
    ReportState.ACCEPTED: gettext_lazy("Accept"),
    ReportState.DRAFT: gettext_lazy("Return"),
}


def _period_label(item: Report) -> str:
    from django.utils.translation import get_language

    return reporting.period(item.period_kind, item.year, item.period).label((get_language() or "vi")[:2])


@require_POST
@login_required
def report_move(request, pk: int):
    item = _report(request, pk)
    try:
        reason = _REASON.clean(request.POST.get("reason", ""))
        actions.move_report(item, request.POST.get("to", ""), request.user, reason=reason)
    except ValidationError as e:
        for m in _messages(e):
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("The report is now %(state)s.") % {"state": Report.objects.get(pk=item.pk).get_state_display()},
        )
    return redirect("monitoring:report", item.pk)


# ------------------------------------------------------------------------------------------------ reporting rate


@login_required
def rate(request, pk: int):
    """Who of the unit's children reported the period on time, late or not at all."""
    unit = get_object_or_404(Unit, pk=pk)
    if not can(request.user, Action.VIEW, Report(unit=unit)):
        raise PermissionDenied
    today = timezone.localdate()
    kind = query.choice(request, "kind", ("month", "quarter"), "quarter")
    year = query.year(request, "year", today.year)
    number = query.number(request, "period", (today.month - 1) // 3 + 1 if kind == "quarter" else today.month)
    try:
        period = reporting.period(kind, year, number)
    except ValueError:
        raise Http404 from None
    children = list(Unit.objects.filter(parent=unit, is_legacy=unit.is_legacy).order_by("name"))
    # A commune reports on its own plan; a village on its commune's plan (its self-run works).
    sent = (
        Report.objects.filter(unit__parent=unit, period_kind=kind, period=number, year=year)
        .filter(Q(plan__unit=F("unit")) | Q(plan__unit=unit))
        .exclude(state=ReportState.DRAFT)
    )
    submitted = {}
    for r in sent.only("unit_id", "submitted_at", "pk"):
        submitted[r.unit_id] = timezone.localdate(r.submitted_at) if r.submitted_at else period.due
    result = reporting.timeliness([c.pk for c in children], submitted, period.due, today)
    by_unit = {c.pk: c for c in children}
    rows = [{"unit": by_unit[r.unit], "row": r} for r in result.rows]
    return render(
        request,
        "monitoring/rate.html",
        {
            "unit": unit,
            "period": period,
            "period_label": period.label("vi" if (request.LANGUAGE_CODE or "vi").startswith("vi") else "en"),
            "rows": rows,
            "result": result,
            "rate": _percent(result.reporting_rate),
            "on_time": _percent(result.timeliness_rate),
            "kind": kind,
            "number": number,
            "year": year,
        },
    )


def _percent(share) -> str:
    return "—" if share is None else f"{float(share) * 100:.0f}%"
