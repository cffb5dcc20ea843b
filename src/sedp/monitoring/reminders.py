"""E-mail reminders of progress reports (issue 12 §5): before a quarterly report is due and on its due day, the
people with a role at each unit that follows works of a plan of that year get a message in Vietnamese — unless
the unit has already sent that report. Run daily by `sedp send-reminders` (cron or a systemd timer); Django's
e-mail framework sends them (settings: `SEDP_EMAIL_*`, see docs/monitoring.md; the console in the demo).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse

from sedp.core.reporting import Period, PeriodKind, period
from sedp.core.text import natural_key

from .models import Report, ReportState, Work

DAYS_BEFORE = 3


@dataclass(frozen=True)
class Reminder:
    unit_id: int
    unit_name: str
    plan_id: int
    period: Period
    today: date
    to: tuple[str, ...]

    @property
    def subject(self) -> str:
        when = "hôm nay" if self.today == self.period.due else f"ngày {self.period.due:%d/%m/%Y}"
        return f"[openSEDP] Báo cáo tiến độ {self.period.label()} của {self.unit_name}: hạn nộp {when}"

    @property
    def body(self) -> str:
        return (
            f"Kính gửi cán bộ {self.unit_name},\n\n"
            f"Báo cáo tiến độ thực hiện kế hoạch {self.period.label()} (tiến độ từng công trình, hoạt động, "
            f"giải ngân theo từng nguồn vốn, giá trị các chỉ tiêu) cần được gửi lên trước hết ngày "
            f"{self.period.due:%d/%m/%Y}.\n"
            f"Lập và gửi báo cáo trên openSEDP: {getattr(settings, 'SEDP_SITE_URL', '').rstrip('/')}"
            f"{reverse('monitoring:reports', args=[self.plan_id])}\n\n"
            "Thư này được gửi tự động; đơn vị đã gửi báo cáo sẽ không nhận nhắc nữa."
        )


def due_quarter(today: date, days_before: int = DAYS_BEFORE) -> Period | None:
    """The quarterly period whose report is due today or in `days_before` days, if any."""
    for year in (today.year - 1, today.year):
        for n in range(1, 5):
            p = period(PeriodKind.QUARTER, year, n)
            if today in (p.due, p.due - timedelta(days=days_before)):
                return p
    return None


def reminders(today: date, days_before: int = DAYS_BEFORE) -> list[Reminder]:
    """Who is reminded today: each unit following works of a plan of the period's year that has not sent that
    period's report yet, with the e-mail addresses of the people holding a role there (four queries)."""
    p = due_quarter(today, days_before)
    if p is None:
        return []
    following = set(
        Work.objects.filter(activity__plan__year_from=p.year).values_list(
            "unit_id", "unit__name", "activity__plan_id"
        )
    )
    sent = set(
        Report.objects.filter(period_kind="quarter", period=p.number, year=p.year)
        .exclude(state=ReportState.DRAFT)
        .values_list("unit_id", "plan_id")
    )
    waiting = sorted(
        ((u, name, plan) for u, name, plan in following if (u, plan) not in sent),
        key=lambda r: natural_key(r[1]),
    )
    people: dict[int, set[str]] = {}
    User = get_user_model()
    for unit_id, address in (
        User.objects.filter(is_active=True, grants__unit_id__in=[u for u, _n, _p in waiting])
        .exclude(email="")
        .values_list("grants__unit_id", "email")
    ):
        people.setdefault(unit_id, set()).add(address)
    return [
        Reminder(u, name, plan, p, today, tuple(sorted(people[u])))
        for u, name, plan in waiting
        if people.get(u)
    ]


def send_reminders(today: date, days_before: int = DAYS_BEFORE) -> int:
    """Send today's reminders; returns how many messages went out."""
    sender = getattr(settings, "DEFAULT_FROM_EMAIL", None)
    messages = [(r.subject, r.body, sender, list(r.to)) for r in reminders(today, days_before)]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
