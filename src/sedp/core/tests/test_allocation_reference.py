"""Exactness: our allocation engine selects exactly what pabutools 1.2.3 selects, on real Pabulib instances.

pabutools is run live (it is GPL: a test dependency only, never imported by the engine). The small instances run in
the normal suite; the larger ones are marked ``slow`` (pabutools needs up to minutes per rule on them).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from sedp.core.allocation import allocate, read_pb
from sedp.core.allocation.rules._common import prepare
from sedp.core.allocation.rules.mes import CompletionTooLong, mes_completion_k

SHARED = Path(__file__).resolve().parents[4].parent / "shared" / "pabulib"

SMALL = [
    "Poland_Czestochowa_2020_Grabowka.pb",
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "Worldwide_Mechanical_Turk_Utilities_8.pb",
    "Poland_Katowice_2023_Osiedle_Tysiaclecia.pb",
    "Poland_Warszawa_2026_Srodmiescie.pb",
    "Poland_Poznan_2023_1_-_Nowe_Winogrady_Polnoc_Nowe_Winogrady_Poludnie_Nowe_Winogrady_Wschod_Stare_Winogrady.pb",
]
LARGER = [
    "Poland_Warszawa_2024_Bielany.pb",
    "Poland_Warszawa_2023_Mokotow.pb",
    "Netherlands_Amsterdam_621.pb",
    "France_Toulouse_2024.pb",
    "Poland_Czestochowa_2024.pb",
    "Hungary_Budapest_2024.pb",
    "Poland_Katowice_2020.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Lodz_2022.pb",
    "Poland_Wroclaw_2015_150_-_500.pb",
]
# The reference's mes-complete loop runs one full MES per unit of per-voter budget: only run it where that is
# affordable (our engine tells how many units are needed), i.e. at most this many voter-units of work.
REFERENCE_COMPLETION_WORK = 1_000_000


def _pabutools() -> Any:
    pytest.importorskip("pabutools", reason="pabutools (test dependency) is not installed")
    import pulp

    # pabutools 1.2.3 imports two names that PuLP 4 no longer exports; none of the rules compared here use PuLP.
    if not hasattr(pulp, "PULP_CBC_CMD"):
        pulp.PULP_CBC_CMD = pulp.COIN_CMD  # type: ignore[attr-defined]
    if not hasattr(pulp, "LpStatusOptimal"):
        pulp.LpStatusOptimal = 1  # type: ignore[attr-defined]
    import pabutools
    import pabutools.election
    import pabutools.rules

    return pabutools


def _path(name: str) -> Path:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"Pabulib instance {name} not found in {SHARED} (see ../shared/pabulib/README.md)")
    return path


@functools.cache
def _reference_input(name: str) -> tuple[Any, Any]:
    pb = _pabutools()
    return pb.election.parse_pabulib(str(_path(name)))


def reference(name: str, rule: str) -> set[str] | None:
    """The reference's selected set, or None where the reference does not define the rule."""
    pb = _pabutools()
    from pabutools.election import Cost_Sat

    inst, prof = _reference_input(name)
    R = pb.rules
    if rule == "greedy":
        out = R.greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)
    elif rule == "mes":
        out = R.method_of_equal_shares(inst, prof, sat_class=Cost_Sat)
    elif rule == "mes-complete":
        mes = R.method_of_equal_shares(inst, prof, sat_class=Cost_Sat, voter_budget_increment=1)
        out = R.greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat, initial_budget_allocation=mes)
    elif rule == "phragmen":
        if inst.meta.get("vote_type") not in ("approval", "choose-1"):
            return None
        out = R.sequential_phragmen(inst, prof)
    else:  # pragma: no cover
        raise ValueError(rule)
    return {p.name for p in out}


def check(name: str, rule: str) -> None:
    election = read_pb(_path(name))
    if rule == "mes-complete":
        # The reference's loop only finishes where k is small: find k, but only up to what the reference can do.
        max_k = REFERENCE_COMPLETION_WORK // max(1, election.profile.n_voters) - 1
        try:
            mes_completion_k(prepare(election), election.budget, max_k=max_k)
        except CompletionTooLong:
            pytest.skip(
                f"the reference's loop needs more than {max_k + 1} full MES runs here: it does not finish"
            )
    expected = reference(name, rule)
    if expected is None:
        pytest.skip(f"the reference defines {rule} for approval ballots only")
    got = set(allocate(election, rule).selected)
    assert got == expected, (
        f"{rule} on {name}: extra {sorted(got - expected)}, missing {sorted(expected - got)}"
    )


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-complete", "phragmen"])
@pytest.mark.parametrize("name", SMALL)
def test_it_selects_what_pabutools_selects_on_small_instances(name: str, rule: str) -> None:
    check(name, rule)


@pytest.mark.slow
@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-complete", "phragmen"])
@pytest.mark.parametrize("name", LARGER)
def test_it_selects_what_pabutools_selects_on_larger_instances(name: str, rule: str) -> None:
    check(name, rule)


def test_it_breaks_ties_by_id_as_a_string() -> None:
    """Two identical projects "10" and "2": the reference funds "10" ("10" < "2" as strings)."""
    from fractions import Fraction

    from sedp.core.allocation import Project, election_from_approvals

    projects = [Project("2", Fraction(5)), Project("10", Fraction(5))]
    election = election_from_approvals(projects, 5, [["2", "10"]] * 3)
    for rule in ("greedy", "mes", "mes-complete", "phragmen"):
        assert allocate(election, rule).selected == ("10",), rule


@pytest.mark.slow
def test_it_finds_the_completion_of_the_literal_loop_on_wroclaw() -> None:
    """Wrocław 2015: the reference's loop would need 204 MES runs of ~1 minute each; our own literal loop (one
    exact MES per k) is fast on choose-1 ballots and must agree with the jumping search."""
    from sedp.core.allocation.rules.mes import mes_literal_completion_k

    election = read_pb(_path("Poland_Wroclaw_2015_150_-_500.pb"))
    prep = prepare(election)
    k, res, runs = mes_completion_k(prep, election.budget)
    assert (k, res.selected) == mes_literal_completion_k(prep, election.budget)
    assert runs < k  # it jumped
