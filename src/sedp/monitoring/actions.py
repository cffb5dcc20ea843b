"""What happens to a plan once it is carried out (issue 12, §1–2): works started from a commune plan's funded
activities, progress reports moved through their states and locked, report lines, findings, milestones, photos.

Each action is atomic and audited (`sedp.audit.actions.record`). Permissions go through the one policy
(`sedp.accounts.policy.can`): the commune team reports the commune's works, a village head only their village's
self-run works, the commune leader approves, the upper level accepts.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sedp.accounts.policy import can
from sedp.accounts.roles import Action
from sedp.audit.actions import record
from sedp.core.money import format_vnd
from sedp.funding.models import Allocation
from sedp.places.choices import Level
from sedp.plans.models import PUBLIC_STATES, Kind, Part, Plan

from .models import (
    Board,
    BoardKind,
    Finding,
    FindingStatus,
    IndicatorValue,
    Member,
    Milestone,
    MilestoneKind,
    PeriodKind,
    Photo,
    Report,
    ReportLine,
    ReportState,
    Sex,
    Stage,
    Work,
    WorkFunding,
)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Days after its due date after which a report that was sent locks, accepted or not (issue 12, §2).
LOCK_AFTER_DAYS_DEFAULT = 30


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# ---------------------------------------------------------------------------------------------------------------
# Works
# ---------------------------------------------------------------------------------------------------------------


def _owner(activity, commune):
    """The village that runs the activity itself — all its needs from one village's Part 1 (own money and
    labour) — or the commune."""
    links = [link for link in activity.need_links.all() if link.item_id]
    villages = {link.need.unit_id for link in links}
    if len(villages) == 1 and all(link.item.part == Part.OWN for link in links):
        return links[0].need.unit, True
    return commune, False


def _pledged(activity) -> dict[str, int]:
    totals = {"money": 0, "labour_days": 0, "labour_value": 0, "materials_value": 0, "land_value": 0}
    for link in activity.need_links.all():
        if link.item_id is None:
            continue
        for key in totals:
            totals[key] += getattr(link.item, f"contribution_{key}") or 0
    return totals


@transaction.atomic
def start_works(plan: Plan, actor) -> list[Work]:
    """One `Work` per funded activity of an adopted (approved, submitted) commune plan: the activities with
    allocations, each source its funding line; when nothing was allocated yet, every activity with a cost, paid
    as the plan writes it. Running it again adds only what is new."""
    _require(can(actor, Action.CHANGE, plan))
    if plan.kind != Kind.COMMUNE_ANNUAL:
        raise ValidationError(_("Works are started from a commune's annual plan."))
    if plan.state not in PUBLIC_STATES:
        raise ValidationError(
            _("This plan is %(state)s: works start once it is adopted.") % {"state": plan.get_state_display()}
        )
    activities = plan.activities.prefetch_related(
        "need_links__need__unit", "need_links__item", "allocations__source"
    ).filter(work__isnull=True)
    funded = Allocation.objects.filter(activity__plan=plan).exists()
    started = []
    for activity in activities:
        allocations = list(activity.allocations.all())
        if funded and not allocations:
            continue
        if not funded and not activity.cost:
            continue
        unit, self_run = _owner(activity, plan.unit)
        pledged = _pledged(activity)
        if not any(pledged.values()) and activity.contribution_value:
            pledged["money"] = activity.contribution_value
        work = Work.objects.create(
            activity=activity,
            unit=unit,
            self_run=self_run,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **{f"pledged_{key}": value for key, value in pledged.items()},
        )
        if allocations:
            WorkFunding.objects.bulk_create(
                WorkFunding(work=work, source=a.source, source_name=str(a.source)[:300], planned=a.amount)
                for a in allocations
            )
        else:
            WorkFunding.objects.create(work=work, source_name=activity.funding_source, planned=activity.cost)
        record(
            actor,
            "monitoring.start_work",
            work,
            after={"unit": unit.name, "self_run": self_run, "planned": sum(a.amount for a in allocations)},
        )
        started.append(work)
    return started


@transaction.atomic
def hand_to_village(work: Work, village, actor) -> Work:
    """The commune gives a work to a village to run itself (its management and supervision groups)."""
    _require(can(actor, Action.CHANGE, work) and can(actor, Action.CHANGE, work.activity.plan))
    if village.level != Level.VILLAGE or village.parent_id != work.activity.plan.unit_id:
        raise ValidationError(
            {"unit": _("%(unit)s is not a village of this commune.") % {"unit": village.name}}
        )
    before = {"unit": work.unit.name, "self_run": work.self_run}
    work.unit, work.self_run = village, True
    work.save(update_fields=["unit", "self_run"])
    record(
        actor,
        "monitoring.hand_to_village",
        work,
        before=before,
        after={"unit": village.name, "self_run": True},
    )
    return work


@transaction.atomic
def record_contribution(work: Work, actor, **realised: int) -> Work:
    """The people's contribution realised so far (money, labour days and their value, materials, land)."""
    _require(can(actor, Action.CHANGE, work))
    fields = [f"realised_{key}" for key in realised]
    unknown = [f for f in fields if not hasattr(work, f)]
    if unknown:
        raise ValueError(unknown)
    for key, value in realised.items():
        if value is None or value < 0:
            raise ValidationError({f"realised_{key}": _("Enter an amount of 0 or more.")})
    before = {f: getattr(work, f) for f in fields}
    for key, value in realised.items():
        setattr(work, f"realised_{key}", value)
    work.save(update_fields=fields)
    record(
        actor,
        "monitoring.record_contribution",
        work,
        before=before,
        after={f: getattr(work, f) for f in fields},
    )
    return work


@transaction.atomic
def meet_milestone(
    work: Work, kind: str, actor, *, met_on: date | None, due: date | None = None, note: str = ""
):
    _require(can(actor, Action.CHANGE, work))
    if kind not in MilestoneKind.values:
        raise ValidationError({"kind": _("Choose a milestone from the list.")})
    milestone, _created = Milestone.objects.get_or_create(work=work, kind=kind)
    before = {"due": str(milestone.due or ""), "met_on": str(milestone.met_on or "")}
    milestone.met_on = met_on
    if due is not None:
        milestone.due = due
    milestone.note = note.strip()
    milestone.save()
    record(
        actor,
        "monitoring.milestone",
        milestone,
        before=before,
        after={"due": str(milestone.due or ""), "met_on": str(milestone.met_on or "")},
    )
    return milestone


# The groups a village forms for a work it runs itself; the boards the commune forms for its own works.
VILLAGE_BOARDS = (BoardKind.MANAGEMENT_GROUP, BoardKind.SUPERVISION_GROUP)
COMMUNE_BOARDS = (BoardKind.MANAGEMENT_BOARD, BoardKind.SUPERVISION_BOARD)


@transaction.atomic
def set_board(work: Work, kind: str, members: list[dict], actor) -> Board:
    """The members (name, sex, role) of a work's management or supervision group or board, replacing the last
    list: groups for a village's self-run work, boards for the commune's."""
    _require(can(actor, Action.CHANGE, work))
    allowed = VILLAGE_BOARDS if work.self_run else COMMUNE_BOARDS
    if kind not in allowed:
        message = (
            _("A work the village runs itself has a management group and a community supervision group.")
            if work.self_run
            else _("A work of the commune has a project management board and a supervision board.")
        )
        raise ValidationError({"kind": message})
    errors = []
    for number, member in enumerate(members, start=1):
        if not (member.get("name") or "").strip():
            errors.append(_("Member %(n)d: enter the full name.") % {"n": number})
        if member.get("sex") not in Sex.values:
            errors.append(_("Member %(n)d: choose male or female.") % {"n": number})
        for key, label in (("name", _("the full name")), ("role", _("the role"))):
            limit = Member._meta.get_field(key).max_length
            if len((member.get(key) or "").strip()) > limit:
                errors.append(
                    _("Member %(n)d: %(what)s is too long: at most %(limit)d characters.")
                    % {"n": number, "what": label, "limit": limit}
                )
    if errors:
        raise ValidationError({"members": errors})
    board, _created = Board.objects.get_or_create(work=work, kind=kind)
    before = [m.name for m in board.members.all()]
    board.members.all().delete()
    Member.objects.bulk_create(
        Member(
            board=board, name=m["name"].strip()[:150], sex=m["sex"], role=(m.get("role") or "").strip()[:100]
        )
        for m in members
    )
    record(
        actor,
        "monitoring.set_board",
        board,
        before={"members": before},
        after={"members": [m["name"].strip() for m in members]},
    )
    return board


def milestone_missed(milestone: Milestone, today: date) -> bool:
    """Not met by its due date (met late, or still not met after it)."""
    if milestone.due is None:
        return False
    return (milestone.met_on or today) > milestone.due


# ---------------------------------------------------------------------------------------------------------------
# Community supervision
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def record_finding(work: Work, actor, *, on: date, checked: str, found: str) -> Finding:
    _require(can(actor, Action.CHANGE, work) or can(actor, Action.COMMENT, work))
    if not checked.strip():
        raise ValidationError({"checked": _("Say what was checked.")})
    if not found.strip():
        raise ValidationError({"found": _("Say what was found.")})
    finding = Finding.objects.create(
        work=work, date=on, checked=checked.strip(), found=found.strip(), created_by=actor
    )
    record(
        actor,
        "monitoring.record_finding",
        finding,
        after={"checked": finding.checked, "found": finding.found},
    )
    return finding


@transaction.atomic
def follow_finding(finding: Finding, status: str, actor, *, reason: str = "") -> Finding:
    """A finding followed to "fixed", or "not fixed" with why."""
    _require(can(actor, Action.CHANGE, finding))
    reason = reason.strip()
    if status == FindingStatus.NOT_FIXED and not reason:
        raise ValidationError({"reason": _("Say why it was not fixed.")})
    before = {"status": finding.status, "reason": finding.reason}
    finding.status = status
    finding.reason = reason if status == FindingStatus.NOT_FIXED else ""
    finding.save(update_fields=["status", "reason"])
    record(
        actor, "monitoring.follow_finding", finding, before=before, after={"status": status}, reason=reason
    )
    return finding


# ---------------------------------------------------------------------------------------------------------------
# Photos
# ---------------------------------------------------------------------------------------------------------------


def image_type(head: bytes) -> str | None:
    """The content type of a JPEG, PNG or WebP image by its first bytes; None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


@transaction.atomic
def add_photo(
    work: Work, upload, actor, *, stage: str, finding: Finding | None = None, caption: str = ""
) -> Photo:
    """Store a photo (before, during, after) of a work or of a finding on it: at most 5 MB, JPEG, PNG or WebP
    (read from the file's first bytes, not its name)."""
    _require(can(actor, Action.CHANGE, work) or can(actor, Action.COMMENT, work))
    if finding is not None and finding.work_id != work.pk:
        raise ValidationError({"finding": _("This finding is about another work.")})
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose before, during or after.")})
    size = upload.size
    if size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {
                "image": _("The photo is %(size).1f MB; a photo may be at most 5 MB.")
                % {"size": size / (1024 * 1024)}
            }
        )
    upload.seek(0)
    content_type = image_type(upload.read(12))
    upload.seek(0)
    if content_type is None:
        raise ValidationError({"image": _("This file is not a photo: send a JPEG, PNG or WebP image.")})
    photo = Photo(
        work=work,
        finding=finding,
        stage=stage,
        size=size,
        content_type=content_type,
        caption=caption.strip()[:300],
    )
    photo.created_by = actor if getattr(actor, "is_authenticated", False) else None
    extension = content_type.split("/")[1].replace("jpeg", "jpg")
    photo.image.save(f"work{work.pk}-{stage}.{extension}", upload, save=False)
    photo.save()
    record(actor, "monitoring.add_photo", photo, after={"stage": stage, "size": size, "type": content_type})
    return photo


# ---------------------------------------------------------------------------------------------------------------
# Progress reports
# ---------------------------------------------------------------------------------------------------------------


def works_reported_by(unit, plan: Plan):
    """The works a unit's report covers: all of the plan's at the commune, a village's own self-run works."""
    works = Work.objects.filter(activity__plan=plan)
    if unit.pk != plan.unit_id:
        works = works.filter(unit=unit, self_run=True)
    return works


@transaction.atomic
def create_report(
    unit, plan: Plan, actor, *, period_kind: str, period: int, year: int, due: date | None = None
):
    """A draft report of `unit` (the commune, or a village for its self-run works) for a month or quarter, with
    a line per work it covers and a value per indicator of the plan (the commune's)."""
    _require(can(actor, Action.CHANGE, unit))
    if unit.pk != plan.unit_id and unit.parent_id != plan.unit_id:
        raise ValidationError(_("%(unit)s does not report on this plan.") % {"unit": unit.name})
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Choose monthly or quarterly.")})
    top = 12 if period_kind == PeriodKind.MONTH else 4
    if not 1 <= period <= top:
        raise ValidationError({"period": _("Choose a month from 1 to 12 or a quarter from 1 to 4.")})
    if Report.objects.filter(
        unit=unit, plan=plan, period_kind=period_kind, period=period, year=year
    ).exists():
        raise ValidationError(_("This report already exists."))
    report = Report.objects.create(
        unit=unit, plan=plan, period_kind=period_kind, period=period, year=year, due=due
    )
    # Progress and money are cumulative to the period's end: a new report starts from the unit's last approved
    # one before it (the figures its leader stands behind; the commune then changes what moved), never from zero.
    earlier = _last_approved_before(unit, plan, year, _end_month(period_kind, period))
    carried = {line.work_id: line for line in earlier.lines.all()} if earlier else {}
    ReportLine.objects.bulk_create(
        ReportLine(
            report=report,
            work=w,
            progress=carried[w.pk].progress if w.pk in carried else 0,
            disbursed=carried[w.pk].disbursed if w.pk in carried else {},
            settled=carried[w.pk].settled if w.pk in carried else {},
        )
        for w in works_reported_by(unit, plan)
    )
    if unit.pk == plan.unit_id:
        IndicatorValue.objects.bulk_create(
            IndicatorValue(report=report, indicator=i) for i in plan.indicators.all()
        )
    record(
        actor,
        "monitoring.create_report",
        report,
        after={"period_kind": period_kind, "period": period, "year": year},
    )
    return report


def _end_month(period_kind: str, period: int) -> int:
    return period if period_kind == PeriodKind.MONTH else period * 3


def _last_approved_before(unit, plan: Plan, year: int, end_month: int) -> Report | None:
    """The unit's latest approved or accepted report on the plan whose period ends before `end_month` of `year`."""
    sent = Report.objects.filter(
        unit=unit, plan=plan, year=year, state__in=(ReportState.APPROVED, ReportState.ACCEPTED)
    )
    earlier = [r for r in sent if _end_month(r.period_kind, r.period) < end_month]
    return max(earlier, key=lambda r: (_end_month(r.period_kind, r.period), r.period_kind), default=None)


def _unlocked(report: Report) -> None:
    if report.locked:
        raise ValidationError(_("This report is locked: it can no longer be changed."))


def _editable(report: Report) -> None:
    _unlocked(report)
    if report.state != ReportState.DRAFT:
        raise ValidationError(
            _("This report is %(state)s: it must be returned to draft before it changes.")
            % {"state": report.get_state_display()}
        )


def _may_move(actor, report: Report, to_state: str) -> bool:
    upper = report.unit.parent
    frm = report.state
    if frm == ReportState.DRAFT and to_state == ReportState.SUBMITTED:
        return can(actor, Action.CHANGE, report)  # the team that reports
    if frm == ReportState.SUBMITTED and to_state in (ReportState.APPROVED, ReportState.DRAFT):
        return can(actor, Action.MANAGE, report)  # the unit's leader approves or returns
    if frm == ReportState.APPROVED and to_state in (ReportState.ACCEPTED, ReportState.DRAFT):
        return upper is not None and can(actor, Action.MANAGE, upper)  # the upper level accepts or returns
    return False


MOVES = {
    ReportState.DRAFT: (ReportState.SUBMITTED,),
    ReportState.SUBMITTED: (ReportState.APPROVED, ReportState.DRAFT),
    ReportState.APPROVED: (ReportState.ACCEPTED, ReportState.DRAFT),
    ReportState.ACCEPTED: (),
}


@transaction.atomic
def move_report(report: Report, to_state: str, actor, *, reason: str = "") -> Report:
    """draft → submitted (the reporting team) → approved (the unit's leader) → accepted (the upper level), which
    locks it; a submitted or approved report may be returned to draft, with the reason. A locked report never
    moves."""
    report = Report.objects.select_for_update(of=("self",)).select_related("unit__parent").get(pk=report.pk)
    _unlocked(report)
    if to_state not in MOVES.get(report.state, ()):
        raise ValidationError(
            _("A %(from)s report cannot become %(to)s.")
            % {"from": report.get_state_display(), "to": dict(ReportState.choices).get(to_state, to_state)}
        )
    _require(_may_move(actor, report, to_state))
    reason = reason.strip()
    if to_state == ReportState.DRAFT and not reason:
        raise ValidationError({"reason": _("Say why the report is returned.")})
    before = {"state": report.state}
    report.state = to_state
    fields = ["state"]
    if to_state == ReportState.SUBMITTED:
        report.submitted_at = timezone.now()
        fields.append("submitted_at")
    if to_state == ReportState.ACCEPTED:
        report.locked = True
        fields.append("locked")
    report.save(update_fields=fields)
    action = "monitoring.return_report" if to_state == ReportState.DRAFT else "monitoring.move_report"
    record(
        actor,
        action,
        report,
        before=before,
        after={"state": to_state, "locked": report.locked},
        reason=reason,
    )
    if ReportState.APPROVED in (before["state"], to_state):
        # An approved report's figures are published (the finance disclosure): the public pages are stale.
        from sedp.opendata.actions import bump

        transaction.on_commit(bump)
    return report


@transaction.atomic
def lock_overdue_reports(today: date, actor=None) -> int:
    """Lock every sent report whose due date is more than the set number of days past (settings
    SEDP_REPORT_LOCK_DAYS, 30 by default). Returns how many were locked."""
    days = getattr(settings, "SEDP_REPORT_LOCK_DAYS", LOCK_AFTER_DAYS_DEFAULT)
    reports = list(
        Report.objects.filter(locked=False, due__lt=today - timedelta(days=days)).exclude(
            state=ReportState.DRAFT
        )
    )
    for report in reports:
        report.locked = True
        report.save(update_fields=["locked"])
        record(
            actor, "monitoring.lock_report", report, after={"locked": True}, reason=f"{days} days after due"
        )
    return len(reports)


def _may_report_work(actor, report: Report, work: Work) -> bool:
    """The reporting team reports every work of its report; a village head only their village's self-run works."""
    if can(actor, Action.CHANGE, report):
        return True
    return work.self_run and can(actor, Action.CHANGE, work)


@transaction.atomic
def save_report_line(
    report: Report,
    work: Work,
    actor,
    *,
    progress: int,
    disbursed: dict | None = None,
    settled: dict | None = None,
    difficulties: str = "",
) -> ReportLine:
    """A work's physical progress (%), what was disbursed from each of its sources and what of it was settled
    ({WorkFunding id: đ}, by the period's end). Settled cannot exceed disbursed, source by source."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    _require(_may_report_work(actor, report, work))
    line = ReportLine.objects.filter(report=report, work=work).first()
    if line is None:
        raise ValidationError(_("“%(work)s” is not in this report.") % {"work": work})
    errors = {}
    if progress is None or not 0 <= progress <= 100:
        errors["progress"] = _("The progress of “%(work)s” must be between 0 and 100%%.") % {"work": work}
    fundings = {f.pk: f for f in work.fundings.all()}
    clean = {}
    for key, amount in (disbursed or {}).items():
        funding = fundings.get(int(key))
        if funding is None:
            errors["disbursed"] = _("“%(work)s” is not funded from this source.") % {"work": work}
        elif amount is None or amount < 0:
            errors["disbursed"] = _("The amount disbursed for “%(work)s” must be 0 or more.") % {"work": work}
        else:
            clean[str(funding.pk)] = int(amount)
    clean_settled = {}
    for key, amount in (settled or {}).items():
        funding = fundings.get(int(key))
        if funding is None:
            errors["settled"] = _("“%(work)s” is not funded from this source.") % {"work": work}
        elif amount is None or amount < 0:
            errors["settled"] = _("The amount settled for “%(work)s” must be 0 or more.") % {"work": work}
        elif amount > clean.get(str(funding.pk), 0):
            errors["settled"] = _(
                "“%(work)s”: the amount settled from %(source)s (%(settled)s) is more than the amount "
                "disbursed (%(disbursed)s)."
            ) % {
                "work": work,
                "source": funding.source_name,
                "settled": format_vnd(amount),
                "disbursed": format_vnd(clean.get(str(funding.pk), 0)),
            }
        elif amount:
            clean_settled[str(funding.pk)] = int(amount)
    if errors:
        raise ValidationError(errors)
    before = {"progress": line.progress, "disbursed": line.disbursed, "settled": line.settled}
    line.progress = progress
    line.disbursed = clean
    line.settled = clean_settled
    line.difficulties = difficulties.strip()
    line.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    line.save()
    record(
        actor,
        "monitoring.save_report_line",
        line,
        before=before,
        after={"progress": progress, "disbursed": clean, "settled": clean_settled},
    )
    return line


@transaction.atomic
def save_indicator_value(report: Report, indicator, actor, **values) -> IndicatorValue:
    """An indicator's value for the period (value; men and women; numerator and denominator for a ratio)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    _require(can(actor, Action.CHANGE, report))
    if indicator.plan_id != report.plan_id:
        raise ValidationError(_("“%(name)s” is not an indicator of this plan.") % {"name": indicator.name})
    allowed = {"value", "men", "women", "numerator", "denominator"}
    if set(values) - allowed:
        raise ValueError(sorted(set(values) - allowed))
    if values.get("denominator") is not None and values["denominator"] <= 0:
        raise ValidationError(
            {
                "denominator": _("The denominator of “%(name)s” must be more than 0.")
                % {"name": indicator.name}
            }
        )
    if values.get("numerator") is not None and values.get("denominator"):
        if values["numerator"] < 0:
            raise ValidationError(
                {"numerator": _("The numerator of “%(name)s” must be 0 or more.") % {"name": indicator.name}}
            )
        # The percentage itself, for the readers who show a value; the evaluation rebuilds it from the two.
        values["value"] = (Decimal(values["numerator"]) * 100 / Decimal(values["denominator"])).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
    item, _created = IndicatorValue.objects.get_or_create(report=report, indicator=indicator)
    before = {k: str(getattr(item, k)) for k in values}
    for key, value in values.items():
        setattr(item, key, value)
    item.save()
    record(
        actor,
        "monitoring.save_indicator_value",
        item,
        before=before,
        after={k: str(v) for k, v in values.items()},
    )
    return item


@transaction.atomic
def save_report_difficulties(report: Report, actor, text: str) -> Report:
    """The report's own difficulties (each line keeps its work's), audited when they change."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    _require(can(actor, Action.CHANGE, report))
    text = (text or "").strip()
    if text != report.difficulties:
        before = report.difficulties
        report.difficulties = text
        report.save(update_fields=["difficulties"])
        record(
            actor,
            "monitoring.report_difficulties",
            report,
            before={"difficulties": before},
            after={"difficulties": text},
        )
    return report


def disbursed_total(report: Report) -> int:
    return sum(sum(line.disbursed.values()) for line in report.lines.all())


def planned_total(plan: Plan) -> int:
    return WorkFunding.objects.filter(work__activity__plan=plan).aggregate(s=Sum("planned"))["s"] or 0
