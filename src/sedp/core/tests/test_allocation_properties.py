"""Property-based tests (hypothesis) of the allocation engine on small random elections."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sedp.core.allocation import (
    BallotGroup,
    Election,
    Profile,
    Project,
    Source,
    allocate,
    pb_string,
    read_pb_string,
)
from sedp.core.allocation._num import to_fraction
from sedp.core.allocation.model import ETHNIC_MINORITY, POVERTY
from sedp.core.allocation.rules._common import prepare
from sedp.core.allocation.rules.mes import mes_completion_k, mes_literal_completion_k, run_mes
from sedp.core.allocation.rules.process import ProcessOptions

RULES = ("greedy", "mes", "mes-complete", "phragmen", "process")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw: st.DrawFn, *, sources: bool = False, villages: bool = True) -> Election:
    n = draw(st.integers(1, 7))
    village_names = ["A", "B", "C"]
    projects = []
    for i in range(n):
        cost = Fraction(draw(st.integers(0, 30)))
        village = draw(st.sampled_from([*village_names, None])) if villages else None
        projects.append(
            Project(
                id=str(draw(st.sampled_from([i, i + 10, i * 7 + 2]))) + ("" if i % 2 else "x") + str(i),
                cost=cost,
                village=village,
                village_rank=draw(st.integers(1, 3)),
                kind=draw(st.sampled_from(["technical", "service", "construction", ""])),
                flags=frozenset(draw(st.sets(st.sampled_from([POVERTY, ETHNIC_MINORITY])))),
                sector=draw(st.sampled_from(["water", "roads"])),
                contribution=Fraction(draw(st.integers(0, 3))) if sources else Fraction(0),
            )
        )
    groups = []
    for _ in range(draw(st.integers(1, 6))):
        items = tuple(sorted(draw(st.sets(st.integers(0, n - 1), max_size=n))))
        groups.append(
            BallotGroup(items=items, count=draw(st.integers(1, 6)), labels=(draw(st.sampled_from("FM")),))
        )
    budget = Fraction(draw(st.integers(0, 80)))
    srcs: tuple[Source, ...] = ()
    if sources:
        srcs = tuple(
            Source(
                id=f"S{j}",
                amount=Fraction(draw(st.integers(0, 40))),
                sectors=frozenset(draw(st.sets(st.sampled_from(["water", "roads"]), max_size=1))),
                flags_any=frozenset(draw(st.sets(st.sampled_from([POVERTY]), max_size=1))),
                priority=draw(st.integers(0, 2)),
            )
            for j in range(draw(st.integers(1, 3)))
        )
    return Election(
        projects=tuple(projects),
        budget=budget,
        profile=Profile("approval", tuple(groups), ("sex",)),
        sources=srcs,
    )


@SETTINGS
@given(elections(), st.sampled_from(RULES))
def test_it_never_exceeds_the_budget(election: Election, rule: str) -> None:
    out = allocate(election, rule)
    cost = {p.id: p.cost for p in election.projects}
    assert out.spent == sum(cost[p] for p in out.selected)
    assert out.spent <= election.budget
    assert len(set(out.selected)) == len(out.selected)
    assert set(out.decisions) == set(cost)
    assert {p for p, d in out.decisions.items() if d.funded} == set(out.selected)


@SETTINGS
@given(elections(sources=True), st.sampled_from(RULES))
def test_it_never_exceeds_a_source_and_pays_only_eligible_public_costs(election: Election, rule: str) -> None:
    out = allocate(election, rule)
    by_id = {p.id: p for p in election.projects}
    sources = {s.id: s for s in election.sources}
    for rep in out.sources:
        assert 0 <= rep.spent <= rep.amount
        assert rep.spent == sum(a for _, a in rep.projects)
        for pid, _a in rep.projects:
            assert sources[rep.id].eligible(by_id[pid])
    for pid in out.selected:
        paid = sum(a for _, a in out.decisions[pid].sources)
        assert paid == by_id[pid].public_cost  # the people's contribution reduces what the sources pay


@SETTINGS
@given(elections(), st.integers(1, 3), st.booleans())
def test_it_caps_funded_activities_per_village(election: Election, cap: int, min_one: bool) -> None:
    out = allocate(election, "process", process_options=ProcessOptions(cap=cap, min_one=min_one))
    by_id = {p.id: p for p in election.projects}
    funded: dict[str, int] = {}
    for pid in out.selected:
        v = by_id[pid].village
        if v is not None:
            funded[v] = funded.get(v, 0) + 1
    assert all(n <= cap for n in funded.values())
    if min_one:
        # A village left with nothing: every one of its activities did not fit in the money left.
        for p in election.projects:
            if p.village is not None and funded.get(p.village, 0) == 0:
                assert out.decisions[p.id].reason == "over_budget"


@SETTINGS
@given(elections(villages=False), st.data())
def test_it_never_unfunds_a_greedy_winner_whose_support_rises(
    election: Election, data: st.DataObject
) -> None:
    out = allocate(election, "greedy")
    if not out.selected:
        return
    winner = data.draw(st.sampled_from(sorted(out.selected)))
    w = [p.id for p in election.projects].index(winner)
    groups = list(election.profile.groups)
    if data.draw(st.booleans()):
        groups.append(BallotGroup(items=(w,), count=data.draw(st.integers(1, 3)), labels=("F",)))
    else:
        i = data.draw(st.integers(0, len(groups) - 1))
        g = groups[i]
        groups[i] = dataclasses.replace(g, items=tuple(sorted({*g.items, w})))
    more = dataclasses.replace(election, profile=dataclasses.replace(election.profile, groups=tuple(groups)))
    assert winner in allocate(more, "greedy").selected


@SETTINGS
@given(elections(villages=False), st.booleans())
def test_it_never_makes_an_mes_supporter_pay_more_than_their_share(election: Election, fair: bool) -> None:
    from sedp.core.allocation.rules.groupfair import group_weights

    prep = prepare(election, group_weights(election, "sex") if fair else None)
    res = run_mes(prep, election.budget, explain=True)
    for start, left in zip(res.group_start, res.group_left, strict=True):
        assert 0 <= left <= start  # paid in total at most their share of the budget
    total_paid = sum(
        (c * (s - lft) for c, s, lft in zip(prep.count, res.group_start, res.group_left, strict=True))
    )
    assert total_paid == sum(prep.cost[p] for p in res.selected)
    for p in res.selected:
        r = res.rounds[p]
        assert r["paid"] == prep.cost[p]  # the supporters cover the cost exactly
        assert (
            r["paid"] <= (r["full_payers"] + r["capped_payers"]) * r["q"]
        )  # nobody pays more than the share q
    assert sum(prep.cost[p] for p in res.selected) <= election.budget


def _naive_mes(election: Election, per_voter: Fraction) -> list[str]:
    """Textbook MES, one voter at a time, with Fractions (independent of the engine's budget classes)."""
    voters: list[tuple[int, ...]] = [g.items for g in election.profile.groups for _ in range(g.count)]
    money = [per_voter] * len(voters)
    projects = election.projects
    chosen: list[int] = []
    while True:
        best: tuple[Fraction, str, int] | None = None
        for p, proj in enumerate(projects):
            supp = [i for i, b in enumerate(voters) if p in b]
            if p in chosen or not supp or proj.cost <= 0 or sum(money[i] for i in supp) < proj.cost:
                continue
            # smallest q with sum(min(money, q)) = cost
            ms = sorted(money[i] for i in supp)
            rest, left = proj.cost, len(ms)
            for m in ms:
                if rest / left <= m:
                    break
                rest -= m
                left -= 1
            rho = rest / left / proj.cost
            if best is None or (rho, proj.id) < best[:2]:
                best = (rho, proj.id, p)
        if best is None:
            return [projects[p].id for p in chosen]
        rho, _, p = best
        chosen.append(p)
        for i, b in enumerate(voters):
            if p in b:
                money[i] -= min(money[i], rho * projects[p].cost)


@SETTINGS
@given(elections(villages=False), st.integers(0, 5))
def test_it_computes_mes_like_the_textbook(election: Election, k: int) -> None:
    prep = prepare(election)
    if prep.n_voters == 0:
        return
    ours = run_mes(prep, election.budget, k).selected
    naive = _naive_mes(election, election.budget / prep.n_voters + k)
    assert [prep.ids[p] for p in ours] == naive


@SETTINGS
@given(elections(villages=False), st.integers(0, 3), st.lists(st.integers(-2, 2), min_size=7, max_size=7))
def test_it_computes_mes_like_the_textbook_where_floats_cannot_tell(
    election: Election, k: int, jitter: list[int]
) -> None:
    """Costs of ~10**17 a few units apart (and raises of a few units): ρs that floats cannot separate, or exact ties
    they blur, must still be decided as the exact textbook decides them (the float screen falls back to exact)."""
    big = 10**17
    projects = tuple(
        dataclasses.replace(p, cost=p.cost * big + jitter[i]) if p.cost > 0 else p
        for i, p in enumerate(election.projects)
    )
    election = dataclasses.replace(election, projects=projects, budget=election.budget * big)
    prep = prepare(election)
    if prep.n_voters == 0:
        return
    ours = run_mes(prep, election.budget, k).selected
    naive = _naive_mes(election, election.budget / prep.n_voters + k)
    assert [prep.ids[p] for p in ours] == naive


@SETTINGS
@given(elections(villages=False))
def test_it_finds_the_completion_the_literal_loop_finds(election: Election) -> None:
    prep = prepare(election)
    if prep.n_voters == 0:
        return
    k, res, _runs = mes_completion_k(prep, election.budget)
    k2, sel2 = mes_literal_completion_k(prep, election.budget, max_k=10_000)
    assert (k, res.selected) == (k2, sel2)


@SETTINGS
@given(elections(villages=False), st.sampled_from(["greedy", "mes", "phragmen"]))
def test_it_writes_pb_files_it_reads_back(election: Election, rule: str) -> None:
    back = read_pb_string(pb_string(election))
    assert [p.id for p in back.projects] != [] or not election.projects
    assert back.profile.n_voters == election.profile.n_voters
    plain = dataclasses.replace(election, profile=dataclasses.replace(election.profile, label_keys=("sex",)))
    assert set(allocate(back, rule).selected) == set(allocate(plain, rule).selected)


def _flip_election(seed: int) -> Election:
    """A random approval election whose MES payment splits change while k grows: voters differ in what they
    already paid, costs are large against the per-voter budget, so the completion runs for hundreds of units."""
    import random

    rnd = random.Random(seed)
    n = rnd.randint(6, 10)
    projects = [Project(id=str(i), cost=Fraction(rnd.randint(500, 6000))) for i in range(n)]
    groups = []
    for _ in range(rnd.randint(8, 16)):
        items = tuple(sorted(rnd.sample(range(n), rnd.randint(1, min(4, n)))))
        groups.append(BallotGroup(items=items, count=rnd.randint(1, 12)))
    return Election(
        projects=tuple(projects),
        budget=Fraction(rnd.randint(5000, 20000), rnd.randint(1, 3)),
        profile=Profile("approval", tuple(groups)),
    )


def test_the_fast_completion_holds_across_payment_split_changes() -> None:
    """Certified intervals of k span changes of the winners' payment splits (a class of supporters switching
    between "pays all it has left" and "pays q"), and the completion still returns what the literal loop returns."""
    from sedp.core.allocation.rules._mescert import stable_until
    from sedp.core.allocation.rules.mes import _supports, mes_candidates

    flips = 0
    for seed in range(40):
        election = _flip_election(seed)
        prep = prepare(election)
        k, res, runs = mes_completion_k(prep, election.budget)
        assert (k, res.selected) == mes_literal_completion_k(prep, election.budget, max_k=20_000), seed
        # Walk the certified intervals and look for a split that changes inside one.
        cand, _ = mes_candidates(prep)
        kk = 0
        while kk < k:
            here = run_mes(prep, election.budget, kk)
            last, _ = stable_until(prep, _supports(prep), election.budget, kk, here.selected, cand, 1, k)
            there = run_mes(prep, election.budget, last)
            assert set(there.selected) == set(here.selected)
            if any(
                here.rounds[w]["capped_payers"] != there.rounds[w]["capped_payers"] for w in here.selected
            ):
                flips += 1
            kk = last + 1
    assert flips >= 2  # the instances do exercise intervals across split changes


def test_the_certificates_float_replay_holds_the_exact_amounts_within_its_proven_errors() -> None:
    """The structural certificate replays a run in floats and decides exactly only inside the errors it proves;
    every float money and τ must lie within its stated error of the exact one."""
    from sedp.core.allocation.rules._mescert import Structure
    from sedp.core.allocation.rules.mes import _supports, mes_candidates

    replayed = 0
    for seed in range(25):
        election = _flip_election(seed)
        prep = prepare(election)
        cand, _ = mes_candidates(prep)
        for k1 in (0, 40, 300):
            here = run_mes(prep, election.budget, k1)
            st_ = Structure(prep, _supports(prep), election.budget, k1, here.selected, cand)
            for k in (k1, k1 + 1, k1 + 7, k1 + 250):
                got = st_._replay_f(k)
                if got is None:  # a split the floats cannot prove: the exact replay is used instead
                    continue
                replayed += 1
                money_f, money_e, tau_f, tau_e = got
                money, _mf, taus = st_.at(k)
                for c, exact in enumerate(money):
                    off = abs(Fraction(money_f[c]) - to_fraction(exact))
                    assert off <= Fraction(money_e[c]), (seed, k, c)
                for j, exact in enumerate(taus):
                    off = abs(Fraction(tau_f[j]) - to_fraction(exact))
                    assert off <= Fraction(tau_e[j]), (seed, k, j)
                # The bounds are tight enough to decide: far below the amounts themselves.
                assert all(e <= 1e-9 * max(1.0, abs(v)) for v, e in zip(money_f, money_e, strict=True))
    assert replayed >= 200
