"""Every funding page reads in Vietnamese and none answers 500: the site-wide walk (sedp/tests/
test_vietnamese_pages.py) over a province with sources, two runs (one with overrides) and an applied run, as its
officer and as the commune planner below it."""

import pytest
from django.test import Client

from sedp.funding import actions
from sedp.tests import test_vietnamese_pages as site

pytestmark = pytest.mark.django_db


def test_every_funding_page_reads_in_vietnamese(example, province_officer, commune_planner, monkeypatch):
    # The site-wide walk leaves these pages out (the demo has no upper plan): here they are walked.
    monkeypatch.setattr(
        site, "NOT_WALKED", {k: v for k, v in site.NOT_WALKED.items() if not k.startswith("funding:")}
    )
    first = actions.run_integration(example.plan, actor=province_officer)
    actions.add_override(
        first, actor=province_officer, activity_id=example.well.pk, action="unfund", source=None,
        reason="Buôn xin lùi sang năm sau",
    )  # fmt: skip
    actions.add_override(
        first, actor=province_officer, activity_id=example.hall.pk, action="fund", source=example.budget,
        reason="Nhà văn hóa xuống cấp",
    )  # fmt: skip
    second = actions.run_integration(example.plan, actor=province_officer, overrides_from=first)
    actions.apply_run(second, actor=province_officer)
    seeds = [
        f"/funding/plan/{example.plan.pk}/",
        f"/funding/plan/{example.plan.pk}/?run=1",
        f"/funding/plan/{example.plan.pk}/compare/",
        f"/funding/plan/{example.plan.pk}/compare/?a=2&b=1",
        f"/funding/unit/{example.plan.unit_id}/{example.plan.year_from}/",
        f"/funding/unit/{example.plan.unit_id}/{example.plan.year_from + 1}/",
    ]
    visited: set[str] = set()
    problems: list[str] = []
    for user in (province_officer, commune_planner):
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(user)
        site._walk(client, seeds, visited, problems)
    assert problems == [], "\n".join(problems)
    funding = {n for n in visited if n.startswith("funding:")}
    assert funding >= {
        "funding:sources",
        "funding:source_add",
        "funding:source_edit",
        "funding:source_delete",
        "funding:integration",
        "funding:compare",
        "funding:run",
    }, funding


def test_the_plan_tabs_link_to_the_sources_and_for_an_upper_plan_to_the_integration(example):
    from django.template.loader import render_to_string

    upper = render_to_string("funding/_plan_links.html", {"plan": example.plan})
    assert f"/funding/unit/{example.plan.unit_id}/{example.plan.year_from}/" in upper
    assert f"/funding/plan/{example.plan.pk}/" in upper
    commune = render_to_string("funding/_plan_links.html", {"plan": example.commune_plan})
    assert f"/funding/unit/{example.commune_plan.unit_id}/" in commune and "/funding/plan/" not in commune


def test_the_integration_reads_in_english_too(example, province_officer, village_head, units):
    run = actions.run_integration(example.plan, actor=province_officer)
    actions.apply_run(run, actor=province_officer)
    client = Client()
    client.cookies["django_language"] = (
        "en"  # the language switch's cookie (the browser's language is ignored)
    )
    client.force_login(province_officer)
    html = client.get(f"/funding/plan/{example.plan.pk}/").content.decode()
    assert "Not funded in 2041" in html and "The national target programme for new rural development" in html
    client.force_login(village_head)
    html = client.get(f"/plans/unit/{units.ea_kmat.pk}/").content.decode()
    assert "Funded from the national target programme for new rural development, 2041" in html
