"""Every htmx form also works from its own page: a form whose `hx-target` names an element the page does not have
sends nothing at all in a browser (htmx raises `htmx:targetError` and stops), so such a page must post plainly.

The test opens, as the people who use them, the pages that hold the project's hx-post / hx-get elements (a page on
its own, as opened directly or in a new tab) and checks that each element's target — its own `hx-target` or the
one it inherits — is on that page.
"""

from html.parser import HTMLParser

import pytest
from django.utils import timezone

from sedp.core.calendar import planning_year
from sedp.cycles.models import Milestone
from sedp.meetings.models import Meeting
from sedp.plans.models import NeedLink
from sedp.plans.rollup import fates as tracing
from sedp.plans.rollup.aggregation import aggregate

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


class _Targets(HTMLParser):
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.stack: list[tuple[str, str | None]] = []  # (tag, hx-target inherited from here down)
        self.wanted: list[tuple[str, str]] = []  # (what, target id)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        inherited = next((t for _, t in reversed(self.stack) if t), None)
        target = a.get("hx-target") or inherited
        verb = a.get("hx-post") or a.get("hx-get")
        if verb:
            if target and target.startswith("#"):
                self.wanted.append((f"<{tag} {verb}>", target[1:]))
            elif not target and tag == "form":
                # No target: htmx swaps the answer into the form itself, which only a fragment answer suits.
                self.wanted.append((f"<{tag} {verb}> without hx-target", ""))
        if tag not in self.VOID:
            self.stack.append((tag, a.get("hx-target")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def missing_targets(html: str) -> list[str]:
    parser = _Targets()
    parser.feed(html)
    return [what for what, target in parser.wanted if target not in parser.ids]


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _commune_plan(actor, units):
    return tracing.create_commune_plan(units.ea_kao, planning_year(timezone.localdate()), actor=actor)


def test_the_stand_alone_decide_page_posts_plainly(client, commune_planner, units):
    client.force_login(commune_planner)
    plan = _commune_plan(commune_planner, units)
    need = aggregate(plan).candidates[0].need
    url = f"/plans/{plan.pk}/rollup/needs/{need.pk}/"
    page = _page(client, url)
    assert "Lưu quyết định" in page
    assert missing_targets(page) == []
    response = client.post(url, {"fate": "included", "reason": ""})
    assert response.status_code == 302 and NeedLink.objects.filter(plan=plan, need=need).exists()
    # Loaded by htmx into the needs page, the form swaps the need's row in place, which that page has.
    fragment = client.get(url, **HTMX).content.decode()
    needs_page = _page(client, f"/plans/{plan.pk}/rollup/needs/?village={need.unit_id}")
    assert f'hx-target="#need-{need.pk}"' in fragment and f'id="need-{need.pk}"' in needs_page
    assert missing_targets(needs_page) == []
    # The page with every village folded: each one's rows load into a place the page has.
    assert missing_targets(_page(client, f"/plans/{plan.pk}/rollup/needs/")) == []


def test_the_stand_alone_milestone_form_posts_plainly(client, commune_leader, private_cycle):
    client.force_login(commune_leader)
    milestone = Milestone.objects.filter(cycle=private_cycle).first()
    url = f"/cycles/milestones/{milestone.pk}/edit/"
    page = _page(client, url)
    assert missing_targets(page) == []
    assert "hx-post" not in page  # on its own page the form posts and comes back to the cycle
    assert "hx-post" in client.get(url, **HTMX).content.decode()  # opened in the cycle's table: in place
    assert missing_targets(_page(client, f"/cycles/{milestone.cycle_id}/")) == []


def test_the_meeting_pages_forms_have_their_targets(client, commune_planner, units):
    client.force_login(commune_planner)
    meeting = Meeting.objects.filter(unit__parent=units.ea_kao).first()
    for url in (
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/attendance/",
    ):
        assert missing_targets(_page(client, url)) == [], url


def test_the_logframe_forms_have_their_target(client, commune_planner, units):
    client.force_login(commune_planner)
    plan = _commune_plan(commune_planner, units)
    assert missing_targets(_page(client, f"/plans/{plan.pk}/logframe/")) == []
