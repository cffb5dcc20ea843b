"""Bad query strings answer 400 (a page) or 422/404 (the API), never 500 (issue 16 §6).

The views that read the query string are found in the code, not listed by hand: every function under src/sedp
that reads `request.GET` or calls `sedp.query`, followed through the functions of its own module it calls, and
matched to the URL patterns whose view it is. Each is reached with a demo object the signed-in planner may see
(the first candidate id answering 200), then asked again with each hostile value in each parameter it reads (and
in the usual `q`, `page`, `offset`, `limit`, `unit`, `year`), as the planner and, where the page is public,
anonymously. A new view reading the query string is walked as soon as it has a URL; one no demo object reaches
must be named in UNREACHED with the reason. The API is walked from its OpenAPI document the same way.
"""

from __future__ import annotations

import ast
import inspect
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import get_resolver, reverse

import sedp

ROOT = Path(sedp.__file__).parent
QUERY_HELPERS = {"sedp.query"}

# The values that answered 500 somewhere before the limits: beyond 64 bits, out of any year's range, a NUL byte,
# SQLite's expression-tree limit (a 1,000-word search), and garbage.
THOUSAND_WORDS = " ".join(f"tu{i}" for i in range(1000))
HOSTILE = [str(2**70), str(-(2**70)), "10000", "-1", "abc", "a\x00b", THOUSAND_WORDS]
USUAL = ("q", "page", "offset", "limit", "unit", "year")

# URL names reading the query string that no demo object reaches with a 200, with the reason.
UNREACHED = {
    "plans:commune_merge": "POST only (the GET answers 405): reads `village` to reopen villages of a refused merge",
    "plans:commune_add_need": "POST only (the GET answers 405)",
    "monitoring:report_new": "POST only (the GET answers 405)",
    "consultation:freeze": "POST only (the GET answers 405)",
    "consultation:resolve": "POST only (the GET answers 405)",
    "consultation:add_comment": "POST only (the GET answers 405)",
    "markets:price_add": "POST only (the GET answers 405)",
    "evaluation:narrative": "POST only (the GET answers 405): reads `months` and `year` from the form",
}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        yield ".".join(rel.with_suffix("").parts), ast.parse(path.read_text(encoding="utf-8"))


def _const(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _default_name(helper: str) -> str | None:
    """The parameter a `sedp.query` helper reads when none is named (`query.page(request)` reads `page`)."""
    from sedp import query

    parameter = inspect.signature(getattr(query, helper)).parameters.get("name")
    return parameter.default if parameter is not None and isinstance(parameter.default, str) else None


def readers() -> dict[tuple[str, str], set[str]]:
    """(module, function) → the query parameters it reads (directly, or through a function of its module)."""
    found: dict[tuple[str, str], set[str]] = {}
    calls: dict[tuple[str, str], set[str]] = {}
    for module, tree in _sources():
        if module in QUERY_HELPERS:
            continue
        for fn in tree.body:
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            key, names, reads, called = (module, fn.name), set(), False, set()
            for node in ast.walk(fn):
                if isinstance(node, ast.Attribute) and node.attr == "GET":
                    reads = True
                if isinstance(node, ast.Call):
                    f = node.func
                    if isinstance(f, ast.Name):
                        called.add(f.id)
                    # request.GET.get("name"), query.ident(request, "name"), ...
                    if (
                        isinstance(f, ast.Attribute)
                        and isinstance(f.value, ast.Attribute)
                        and f.value.attr == "GET"
                    ):
                        names.add(_const(node.args[0]) if node.args else None)
                    if (
                        isinstance(f, ast.Attribute)
                        and isinstance(f.value, ast.Name)
                        and f.value.id == "query"
                    ):
                        reads = True
                        given = [_const(a) for a in node.args[1:2]]
                        given += [_const(k.value) for k in node.keywords if k.arg == "name"]
                        names.update(given or [_default_name(f.attr)])
                if isinstance(node, ast.Compare) and any(
                    isinstance(c, ast.Attribute) and c.attr == "GET" for c in node.comparators
                ):
                    names.add(_const(node.left))
            calls[key] = called
            if reads:
                found[key] = names - {None}
    changed = True
    while changed:
        changed = False
        for key, called in calls.items():
            for callee in called:
                other = (key[0], callee)
                if other in found and other != key and (key not in found or found[other] - found[key]):
                    found[key] = found.get(key, set()) | found[other]
                    changed = True
    return found


def _patterns(resolver=None, ns=""):
    for p in (resolver or get_resolver()).url_patterns:
        if hasattr(p, "url_patterns"):
            yield from _patterns(p, f"{ns}{p.namespace}:" if p.namespace else ns)
        elif p.name:
            yield ns + p.name, p


def pages_reading_the_query_string() -> dict[str, set[str]]:
    """URL name → the parameters its view reads."""
    found = readers()
    pages = {}
    for name, pattern in _patterns():
        view = pattern.callback
        while isinstance(view, partial):
            view = view.func
        view = inspect.unwrap(view)
        key = (getattr(view, "__module__", ""), getattr(view, "__name__", ""))
        if key in found:
            pages[name] = found[key]
    return pages


@pytest.fixture
def objects(units, commune_planner, province_officer):
    """Ids the walk tries for a URL's arguments, most featured first: this year's commune plan of Ea Kao (being
    edited), the demo's plans, the province's plan, the units."""
    from django.utils import timezone

    from sedp.consultation.models import DraftVersion
    from sedp.core.calendar import planning_year
    from sedp.demo.ea_kao_plan import make_ea_kao_plan
    from sedp.markets import actions as markets
    from sedp.plans.models import Plan, State
    from sedp.plans.rollup import fates as tracing

    year = planning_year(timezone.localdate())
    # Ea Kao's plan of the year adopted (its reports, finances, evaluation), next year's being edited.
    adopted = make_ea_kao_plan(units.ea_kao, year, actor=commune_planner)
    Plan.objects.filter(pk=adopted.pk).update(state=State.ADOPTED, locked=True)
    commune = tracing.create_commune_plan(units.ea_kao, year + 1, actor=commune_planner, title="")
    province = tracing.create_commune_plan(units.daklak, year, actor=province_officer, title="")
    plans = [commune.pk, adopted.pk, province.pk]
    plans += list(Plan.objects.filter(unit=units.ea_kao).exclude(pk__in=plans).values_list("pk", flat=True))
    plans += list(Plan.objects.filter(unit=units.ea_kmat).values_list("pk", flat=True)[:2])
    unit_ids = [units.ea_kao.pk, units.ea_kmat.pk, units.daklak.pk]
    # A value chain chosen in next year's plan (market-oriented planning).
    chain = markets.choose_chain(
        markets.add_candidate(commune, actor=commune_planner, product="Cà phê"), actor=commune_planner
    )
    return {
        "pk": plans + unit_ids + [chain.pk],
        "unit_pk": unit_ids,
        "village": [units.ea_kmat.pk, units.thon_1.pk],
        "number": sorted(set(DraftVersion.objects.values_list("number", flat=True)))[:2] or [1],
    }


def _reach(client, pattern, name, candidates):
    """The first URL of the pattern, with candidate ids, that answers the planner 200."""
    import itertools

    keys = list(pattern.pattern.converters)
    for values in itertools.product(*(candidates.get(k, [1]) for k in keys)):
        url = reverse(name, kwargs=dict(zip(keys, values, strict=True)))
        if client.get(url).status_code == 200:
            return url
    return None


def _hostile(client, url, params, problems):
    """Each hostile value in each parameter the view reads; on a page (HTML), in the usual names too (a download
    is the same view's data as its page: its own parameters are enough, and each costs a document)."""
    page = "html" in client.get(url).get("Content-Type", "")
    for param in sorted(set(params) | (set(USUAL) if page else set())):
        for value in HOSTILE:
            response = client.get(f"{url}?{urlencode({param: value})}")
            if response.status_code >= 500:
                problems.append(f"{url}?{param}={value[:20]!r}: {response.status_code}")


def test_views_read_the_query_string_through_sedp_query():
    """One place holds the limits: a view reading `request.GET` itself would skip them."""
    direct = sorted(
        {
            module
            for module, tree in _sources()
            if module not in QUERY_HELPERS
            and any(isinstance(node, ast.Attribute) and node.attr == "GET" for node in ast.walk(tree))
        }
    )
    assert direct == [], f"read the query string through sedp.query in: {direct}"


@pytest.mark.django_db
def test_the_walk_finds_the_views_that_read_the_query_string():
    pages = pages_reading_the_query_string()
    # A few known readers, so that a broken discovery cannot pass the walk below by finding nothing.
    assert pages["portal:search"] >= {"q"}
    assert pages["plans:rollup_activities"] >= {"page", "sector", "unit"}
    assert pages["monitoring:rate"] >= {"year", "period"}
    assert pages["evaluation:plan"] >= {"year"}
    assert set(UNREACHED) <= set(pages), "a name in UNREACHED no longer reads the query string"


@pytest.mark.django_db
def test_no_page_answers_500_to_a_hostile_query_string(client, commune_planner, objects):
    client.raise_request_exception = False
    client.force_login(commune_planner)
    problems, unreached, reached = [], [], {}
    for name, params in sorted(pages_reading_the_query_string().items()):
        if name in UNREACHED:
            continue
        pattern = dict(_patterns())[name]
        url = _reach(client, pattern, name, objects)
        if url is None:
            unreached.append(name)
            continue
        reached[name] = url
        _hostile(client, url, params, problems)
    client.logout()
    for name, url in reached.items():
        if client.get(url).status_code == 200:  # public pages: anonymously too
            _hostile(client, url, pages_reading_the_query_string()[name], problems)
    assert problems == [], "\n".join(problems)
    assert unreached == [], f"{unreached}: no demo object reaches these pages: add a candidate, or UNREACHED"


def _api_operations(client):
    doc = client.get("/api/v1/openapi.json").json()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "get":
                yield path, op


@pytest.mark.django_db
def test_no_api_operation_answers_500_to_a_hostile_query_string_or_id(client, commune_planner, units):
    client.raise_request_exception = False
    problems = []
    for user in (None, commune_planner):
        if user:
            client.force_login(user)
        for path, op in _api_operations(client):
            params = op.get("parameters", [])
            query = [p["name"] for p in params if p["in"] == "query"]
            # Path ids: a real one (Ea Kao, a year) and one beyond 64 bits.
            for ids in ({"unit_id": units.ea_kao.pk, "year": 2025}, {}):
                url = path
                for p in params:
                    if p["in"] == "path":
                        url = url.replace("{" + p["name"] + "}", str(ids.get(p["name"], 2**70)))
                if "{" in url:
                    url = path
                    for p in params:
                        if p["in"] == "path":
                            url = url.replace("{" + p["name"] + "}", "1")
                response = client.get(url)
                if response.status_code >= 500:
                    problems.append(f"{url}: {response.status_code}")
                for name in sorted(set(query) | set(USUAL)):
                    for value in HOSTILE:
                        response = client.get(f"{url}?{urlencode({name: value})}")
                        if response.status_code >= 500:
                            problems.append(f"{url}?{name}={value[:20]!r}: {response.status_code}")
        client.logout()
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_a_year_that_is_no_year_answers_the_400_page_in_vietnamese(client, commune_planner, units):
    client.force_login(commune_planner)
    url = reverse("monitoring:rate", args=[units.ea_kao.pk])
    for year in ("10000", "-1", str(2**70), "năm nay"):
        response = client.get(url, {"year": year})
        page = response.content.decode()
        assert response.status_code == 400, year
        assert "Năm phải là một số từ 1900 đến 2200." in page and "Không đọc được yêu cầu" in page
    assert client.get(url, {"year": "2026"}).status_code == 200


@pytest.mark.django_db
def test_a_search_or_a_filter_out_of_range_still_answers_the_page(client, units):
    # A 1,000-word search is cut to its first 20 words (SQLite's expression tree), a NUL byte dropped.
    found = client.get(reverse("places:index"), {"q": "ea kao " + THOUSAND_WORDS})
    assert found.status_code == 200
    assert "Phường Ea Kao" not in found.content.decode()  # "tu0" … are words no name holds
    found = client.get(reverse("places:index"), {"q": "ea\x00 kao"})
    assert found.status_code == 200 and "Phường Ea Kao" in found.content.decode()
    # A page number beyond 64 bits is the last page; a garbage one the first.
    for page in (str(2**70), "abc", "-1"):
        assert client.get(reverse("places:detail", args=[units.ea_kao.pk]), {"page": page}).status_code == 200


@pytest.mark.django_db
def test_the_signature_preview_prints_what_is_typed_without_control_characters(
    client, commune_planner, units
):
    from django.utils import timezone

    from sedp.core.calendar import planning_year
    from sedp.exports.documents import signer_lines
    from sedp.plans.logframe import actions as lf
    from sedp.plans.rollup import fates as tracing

    plan = tracing.create_commune_plan(
        units.ea_kao, planning_year(timezone.localdate()), actor=commune_planner, title=""
    )
    client.force_login(commune_planner)
    typed = {
        "signer_authority": "TM",
        "signer_title": "KT. CHỦ TỊCH\r\nPHÓ\x00 CHỦ TỊCH",
        "signer_name": "Y Kông",
    }
    response = client.get(reverse("plans:logframe_preview", args=[plan.pk]), typed)
    page = response.content.decode()
    doc = lf.header_preview(
        plan, doc_number="", authority="TM", title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", name="Y Kông"
    )
    assert response.status_code == 200 and "\x00" not in page
    lines = signer_lines(doc)  # as the document will print them
    assert len(lines) >= 3 and all(f"<strong>{line}</strong>" in page for line in lines)
