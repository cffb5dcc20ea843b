"""Every page a demo user can reach reads in Vietnamese: no English UI words, no untranslated Django defaults,
no lowercase headings, no 500.

The walk starts at the home pages of each demo login (and of a citizen) and follows every link and htmx GET on
the pages it reaches, so a new page is walked as soon as a page links to it, with the demo's own ids. A URL
name the walk never reaches must be named in NOT_WALKED with the reason, so a new page cannot slip past.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, get_resolver, resolve

from sedp.demo import data

# Not pages: downloads, POST-only actions, the JSON API. A page reached only through a form post is listed too.
NOT_WALKED = {
    "accounts:logout": "POST only",
    "set_language": "POST only",
    "healthz": "a probe answering 'ok'",
    "plans:export": "a workbook (tested by the exports' tests)",
    "plans:commune_workbook": "a workbook (tested by the exports' tests)",
    "plans:plan_docx": "a Word document (tested by the documents' tests)",
    "plans:plan_pdf": "a PDF (tested by the documents' tests)",
}
# Reached only from data the demo does not hold in that state (its one plan in consultation is submitted, so
# no draft to comment on, no open assignment). Walk them once the demo holds such data.
_NO_DEMO_DATA = (
    "linked only from data the demo lacks (a plan in consultation with drafts, comments, assignments)"
)
NOT_WALKED |= dict.fromkeys(
    [
        "consultation:add_assignment",
        "consultation:add_comment",
        "consultation:add_commenter",
        "consultation:add_usual_departments",
        "consultation:assignment_done",
        "consultation:correct_comment",
        "consultation:discussion",
        "consultation:distribution",
        "consultation:edit_comment",
        "consultation:explain_distribution",
        "consultation:remove_assignment",
        "consultation:remove_commenter",
        "consultation:remove_member",
        "consultation:resolve",
        "consultation:version",
        "consultation:voter_contacts",
        "consultation:withdraw_comment",
        "plans:logframe_delete",
        "plans:logframe_edit",
    ],
    _NO_DEMO_DATA,
)
NOT_WALKED |= {
    "cycles:create": "offered only to a unit without a cycle for the year; every demo unit has one",
    "meetings:accept_warning": "a button shown only while a meeting breaks a rule; no demo meeting does",
    "meetings:remove_attendee": "demo meetings record attendance by numbers, not by name",
    "needs:ranking_of": "linked from a ranking meeting with score sheets of its own, not in the demo walk",
    "needs:subgroup_delete": "a button shown only for a sub-group with no finding; demo sub-groups have findings",
}
# Funding at an upper level: the demo holds no province or district plan, and the pages are linked from the plan's
# tabs (funding/_plan_links.html). Walked in Vietnamese by sedp/funding/tests/test_pages.py over a built province.
NOT_WALKED |= dict.fromkeys(
    [
        "funding:sources",
        "funding:source_add",
        "funding:source_edit",
        "funding:source_delete",
        "funding:integration",
        "funding:compare",
        "funding:override",
    ],
    "funding pages: the demo holds no upper plan; walked by sedp/funding/tests/test_pages.py",
)
NOT_WALKED |= {"funding:run": "POST only", "funding:apply": "POST only"}
NOT_WALKED |= {
    "assignments:adjust": "POST only",
    "assignments:explain": "POST only",
    "assignments:issue": "POST only",
    "assignments:issue_all": "POST only",
    "assignments:notice_pdf": "a PDF (tested by the assignments' tests)",
    "assignments:detail": "linked from an issued assignment; the demo holds none (tested by the assignments' tests)",
    "assignments:notice": "linked from an issued assignment; the demo holds none (tested by the assignments' tests)",
}
NOT_WALKED |= dict.fromkeys(
    [
        "monitoring:start",
        "monitoring:report_new",
        "monitoring:board",
        "monitoring:milestone",
        "monitoring:finding_add",
        "monitoring:finding_follow",
        "monitoring:photo_add",
        "monitoring:report_move",
    ],
    "POST only",
)
NOT_WALKED |= dict.fromkeys(
    ["monitoring:work", "monitoring:report"],
    "linked from a followed work or a report; the demo holds none (walked by sedp/monitoring/tests/test_pages.py)",
)
NOT_WALKED |= {
    "monitoring:photo": "an image file, served only to who may view the work (tested by test_pages.py)",
    "monitoring:report_template": "an .xlsx download (read back by monitoring/tests/test_report_workbook.py)",
    "monitoring:report_upload": "POST only (test_report_workbook.py and the monitoring browser walk)",
}
NOT_WALKED |= {
    "accounts:totp": "reached only after the password, for a code app set up (read by accounts/tests/test_signin.py)",
    "accounts:password_reset_sent": "reached by posting an e-mail address (read by accounts/tests/test_signin.py)",
    "accounts:password_reset_confirm": "the link in the e-mail (read by accounts/tests/test_signin.py)",
}
NOT_WALKED |= {
    "dialogues:a0_photo": "an image file; the demo's dialogue has no photo of its A0 sheet (tested by test_session.py)",
    "dialogues:evidence": "a commitment's evidence file; the demo holds none (tested by test_public.py)",
    "dialogues:ask_sent": "reached only after sending a question (a POST; tested by test_public.py)",
}
NOT_WALKED |= {
    "markets:price_template": "an .xlsx download (read back by markets/tests/test_import.py)",
    "markets:bulletin_pdf": "a PDF (tested by markets/tests/test_chains.py)",
    "markets:row_edit": "POST only (its form opens with ?edit=; tested by markets/tests/test_chains.py)",
}
NOT_WALKED_PREFIXES = {"api-1:": "the JSON API: field names are English by design"}

# What an English UI leaves behind: our own words missing from the .po, Django's defaults, Python's None.
ENGLISH = [
    "This field is required",
    "Enter a valid",
    "Ensure this value",
    "Select a valid choice",
    "---------",
    "Select an option",
    "Planning cycle",
    "Page not found",
    "Not Found",
    "Server Error",
    "Bad Request",
    "Forbidden",
    "Save",
    "Cancel",
    "Delete",
    "Remove",
    "Back",
    "Edit",
    "Add",
    "Submit",
    "Search",
    "Sign in",
    "Sign out",
    "Log in",
    "Username",
    "Password",
    "Home",
    "Places",
    "Plans",
    "Needs",
    "Meeting",
    "Village",
    "Commune",
    "Province",
    "Draft",
    "Adopted",
    "Approved",
    "Submitted",
    "Status",
    "Total",
    "Year",
    "Date",
    "Name",
    "None",
    "True",
    "False",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "a.m.",
    "p.m.",
    " the ",
    " of the ",
    " and ",
    " or ",
    " of ",
    " to ",
    " is ",
    "required",
    "optional",
    "previous",
    "next",
    "characters",
    "Please",
]
_ENGLISH = re.compile("|".join(rf"(?<![\w-]){re.escape(w.strip())}(?![\w-])" for w in ENGLISH))
# 10.50 or 2.5 where Vietnamese writes 10,50 and 2,5 (17.052.000 groups thousands and is not matched).
_DOT_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.,])")
_VISIBLE_ATTRS = {"placeholder", "title", "aria-label", "alt"}
_SKIP = {"script", "style", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Page(HTMLParser):
    """The text a person reads (tags, scripts and `lang="en"` parts stripped), headings, and the links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.posts: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._stack: list[tuple[str, bool]] = []
        self._heading: list[str] | None = None

    def _hidden(self):
        return any(hidden for _tag, hidden in self._stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "hx-get"):
            if attrs.get(name):
                self.links.append(attrs[name])
        for name in ("action", "hx-post", "formaction"):
            if attrs.get(name):
                self.posts.append(attrs[name])
        hidden = tag in _SKIP or attrs.get("lang", "vi") != "vi" or self._hidden()
        if not hidden:
            self.text.extend(v for k, v in attrs.items() if k in _VISIBLE_ATTRS and v)
        if tag in {"h1", "h2", "title"} and not hidden:
            self._heading = [tag]
        if tag not in _VOID:
            self._stack.append((tag, hidden))

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append((tag, " ".join("".join(self._heading[1:]).split())))
            self._heading = None
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, text):
        if not self._hidden():
            self.text.append(text)
            if self._heading is not None:
                self._heading.append(text)


def _url_names():
    names = set()

    def walk(resolver, ns):
        for p in resolver.url_patterns:
            if hasattr(p, "url_patterns"):
                walk(p, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif p.name:
                names.add(ns + p.name)

    walk(get_resolver(), "")
    return names


def _walked(name):
    return name in NOT_WALKED or any(name.startswith(p) for p in NOT_WALKED_PREFIXES)


PER_NAME = 3  # pages walked per URL name and person: the same template with other ids adds little


def _walk(client, start, visited_names, problems):
    """Breadth over URL names: the next page is one of the name walked least so far, so a village with
    meetings is reached before a tenth empty village page, up to PER_NAME pages a name."""
    seen: set[str] = set()
    per_name: dict[str, int] = defaultdict(int)
    queue: list[tuple[int, int, str, str]] = []
    order = 0

    def push(url):
        nonlocal order
        if url in seen:
            return
        seen.add(url)
        try:
            name = resolve(urlsplit(url).path).view_name
        except Resolver404:
            return
        if not _walked(name):
            order += 1
            heapq.heappush(queue, (per_name[name], order, url, name))

    for url in start:
        push(url)
    while queue:
        count, _order, url, name = heapq.heappop(queue)
        if per_name[name] >= PER_NAME:
            continue
        if count != per_name[name]:  # walked more since it was queued: queue it again in its new place
            if per_name[name] < PER_NAME:
                heapq.heappush(queue, (per_name[name], _order, url, name))
            continue
        per_name[name] += 1
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: answers {response.status_code}")
            continue
        visited_names.add(name)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        text = " ".join(" ".join(page.text).split())
        for m in _ENGLISH.finditer(text):
            problems.append(
                f"{url}: English “{m.group()}” in “…{text[max(0, m.start() - 40) : m.end() + 40]}…”"
            )
        for m in _DOT_DECIMAL.finditer(text):
            problems.append(
                f"{url}: decimal with a dot “{m.group()}” in “…{text[max(0, m.start() - 40) : m.end() + 40]}…”"
            )
        for tag, heading in page.headings:
            if heading[:1].isalpha() and not heading[0].isupper() and not heading.startswith("openSEDP"):
                problems.append(f"{url}: <{tag}> starts lowercase: “{heading}”")
            if tag == "title" and heading.count("openSEDP") > 1:
                problems.append(f"{url}: title repeats the site name: “{heading}”")
        for post in page.posts:
            try:
                visited_names.add(resolve(urlsplit(post).path).view_name)
            except Resolver404:
                pass
        for link in page.links:
            if link.startswith("/") and not link.startswith(("/static/", "//")):
                push(link)


def _seeds():
    """Besides the home pages, one page of each kind of thing the demo holds (a meeting of each kind, a plan of
    each kind and state, a score sheet): links from a page lead everywhere, but a walk limited to a few pages a
    name may spend them on villages where nothing has happened yet."""
    from django.urls import reverse

    from sedp.meetings.models import Meeting
    from sedp.needs.models import Finding, ScoreSheet, SubGroup
    from sedp.plans.models import Kind, Plan

    urls = []
    for kind in Meeting.objects.order_by().values_list("kind", flat=True).distinct():
        urls.append(reverse("meetings:detail", args=[Meeting.objects.filter(kind=kind).first().pk]))
    for kind, state in Plan.objects.order_by().values_list("kind", "state").distinct():
        plan = Plan.objects.filter(kind=kind, state=state).first()
        if kind in (Kind.VILLAGE_MIDTERM, Kind.VILLAGE_ANNUAL):
            urls.append(reverse("plans:detail", args=[plan.pk]))
        else:
            urls += [reverse("plans:commune", args=[plan.pk]), reverse("consultation:plan", args=[plan.pk])]
            village = plan.unit.children.order_by("pk").first()
            if kind == Kind.COMMUNE_ANNUAL and village is not None:
                # The village's part of the draft: linked from a village's plans page and from step 5, which a
                # walk of a few pages a name reaches in one database's order and not in another's.
                urls.append(reverse("consultation:village", args=[plan.pk, village.pk]))
    urls += [reverse("needs:sheet", args=[s.pk]) for s in ScoreSheet.objects.all()[:2]]
    urls += [reverse("needs:subgroup_edit", args=[g.pk]) for g in SubGroup.objects.all()[:1]]
    urls += [reverse("needs:finding_edit", args=[f.pk]) for f in Finding.objects.all()[:1]]
    return urls


@pytest.mark.django_db
def test_every_reachable_page_reads_in_vietnamese_and_none_answers_500(client, settings):
    settings.SEDP_DEMO = True
    from django.contrib.auth import get_user_model

    visited_names: set[str] = set()
    problems: list[str] = []
    # The demo's commune plan is submitted (nothing left to edit): Ea Kao's planner starts this year's, as on
    # the page, so that the editing pages of a commune plan are walked too.
    from django.utils import timezone

    from sedp.core.calendar import planning_year
    from sedp.places.models import Unit
    from sedp.plans.rollup import fates as tracing

    ea_kao_plan = tracing.create_commune_plan(
        Unit.objects.get(level="commune", code="24169", is_legacy=False),
        planning_year(timezone.localdate()),
        actor=get_user_model().objects.get(username="canboxa"),
        title="",
    )
    # Its value chains (issue 15): three products ranked by a men's and a women's group, coffee's chain analysed.
    from sedp.demo.markets import build_chain

    build_chain(ea_kao_plan, get_user_model().objects.get(username="canboxa"), timezone.localdate())
    # The province officer starts the province plan, as on the province's plans page, so that the pages of a plan
    # above the commune (the communes' plans rolled up, their activities) are walked too.
    tracing.create_commune_plan(
        Unit.objects.get(level="province", code="66", is_legacy=False),
        planning_year(timezone.localdate()),
        actor=get_user_model().objects.get(username="tinh"),
        title="",
    )
    # The demo records no PRA sub-group: Buôn Ea Kmát's working group gets one with a finding, so their edit
    # pages are walked too.
    from sedp.meetings.models import Meeting
    from sedp.needs import actions as needs_actions
    from sedp.needs.models import Sector

    head = get_user_model().objects.get(username="truongbuon")
    meeting = Meeting.objects.filter(unit__name="Buôn Ea Kmát").first() or Meeting.objects.first()
    group = needs_actions.create_subgroup(
        meeting, actor=head, name="Nhóm sản xuất", leader="Y Kông", theme="Sản xuất"
    )
    needs_actions.add_finding(
        group, actor=head, sector=Sector.objects.first(), situation="Kênh mương bồi lấp"
    )
    seeds = _seeds()
    _walk(client, ["/", "/accounts/login/", *seeds], visited_names, problems)
    for username, *_rest in data.USERS:
        client.force_login(get_user_model().objects.get(username=username))
        # From the person's own home page first: the walk reaches their unit's meetings, needs and plans
        # before it spends its pages-per-name on units where nothing happens.
        _walk(client, ["/home/", *seeds], visited_names, problems)
        client.logout()

    # Deduplicate the same English on the same template walked twice.
    problems = list(dict.fromkeys(problems))
    assert problems == [], "\n".join(problems)
    never = sorted(n for n in _url_names() - visited_names if not _walked(n))
    assert never == [], (
        f"{never}: pages the walk never reached: link them, or name them in NOT_WALKED with the reason"
    )
