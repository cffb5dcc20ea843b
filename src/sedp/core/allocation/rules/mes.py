"""Method of Equal Shares (MES), pure and with the usual completion — exact and fast.

Pure MES (the reference ``method_of_equal_shares`` with ``Cost_Sat``, pabutools 1.2.3)
-------------------------------------------------------------------------------------
Each voter gets an equal share of the budget: ``budget / number of ballots`` (empty ballots included; under the
group-fair option the shares are proportional to the voters' weights). Projects nobody supports are never bought.
In each round, for every project its supporters can still afford (their money left >= its cost), MES finds the
smallest factor ρ such that, if every supporter ``i`` pays ``min(money_i, ρ · u_i)``, the payments cover the cost;
with ``Cost_Sat`` ``u_i`` is the project's cost, so ``q = ρ · cost`` is the most any supporter pays. The project
with the smallest ρ is bought (ties: smallest project id as a string), its supporters pay, and the next round
starts. MES stops when no project is affordable; it is not exhaustive (money may be left).

Speed: voters are not handled one by one. A voter's money left depends only on which of the bought projects they
support, so voters fall into a few *budget classes*; for each project we keep how many of its supporters are in
each class (a NumPy matrix, updated with one ``bincount`` per round). The arithmetic on money stays exact.

Completion (``mes-complete``)
----------------------------
The usual completion (the reference with ``voter_budget_increment=1``): rerun MES with every voter's budget raised
by 1 currency unit (k = 0, 1, 2, ...) until the outcome is exhaustive with respect to the supported projects
(return it) or costs more than the budget (return the outcome for k - 1); then greedy fills what is left. Looping
k one by one never ends with HUF or VND budgets. Here MES is run *parametrically*: every amount (money left, the
payment q, ρ) is an affine function ``v + s·t`` of ``t = k - k0``, and every comparison MES makes at ``k0`` is turned
into the largest ``T`` such that its result is the same for all integers ``t`` in ``[0, T]``. All decisions —
hence the outcome — are then constant on ``[k0, k0 + T]``, and the search jumps to ``k0 + T + 1``. It returns
exactly what the literal loop returns (tested against it), in a handful of runs instead of hundreds of thousands.
Where the winners' payment splits change every few units (large approval instances), a second certificate
(:mod:`._mescert`) proves the outcome constant over a range from the run's structure and the monotonicity of every
amount in k, checking comparisons at the two ends of the range (and at midpoints where that is not enough).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._num import Q, floor_q, to_fraction
from ..model import Decision
from ._common import Prepared, RuleRun
from ._mescert import stable_until

_FOREVER = 10**15  # a per-voter raise beyond which the outcome is taken never to change


class _Bound:
    """The largest ``T`` (integer >= 0, or None for unbounded) for which every recorded comparison keeps its sign."""

    __slots__ = ("T",)

    def __init__(self) -> None:
        self.T: int | None = None

    def _cap(self, t: int) -> None:
        if self.T is None or t < self.T:
            self.T = t

    def ge0(self, dv: Any, ds: Any) -> None:
        """Require ``dv + ds·t >= 0`` (true at t = 0)."""
        if ds < 0:
            self._cap(floor_q(dv / -ds))

    def gt0(self, dv: Any, ds: Any) -> None:
        """Require ``dv + ds·t > 0`` (true at t = 0)."""
        if ds < 0:
            x = dv / -ds
            f = floor_q(x)
            self._cap(f - 1 if f == x else f)

    def same(self, dv: Any, ds: Any) -> None:
        """Require the sign of ``dv + ds·t`` (<0, 0 or >0) to stay what it is at t = 0."""
        if dv > 0:
            self.gt0(dv, ds)
        elif dv < 0:
            self.gt0(-dv, -ds)
        elif ds != 0:
            self._cap(0)


def _convex_first_root(cost: Any, terms: list[tuple[int, Any, Any]], xv: Any, xs: Any) -> int | None:
    """Largest integer T with g(t) > 0 on [0, T], where g(t) = cost - sum(m · min(bv + bs·t, xv + xs·t)).

    g is convex (minus a sum of minima of affine functions) and g(0) > 0, so it suffices to follow it from t = 0
    through its kinks until it reaches 0 (or starts rising: then it never does). None means "for every t >= 0".
    """
    g = cost
    slope = Q(0)
    events: list[tuple[Any, Any]] = []
    for m, bv, bs in terms:
        d0, dd = bv - xv, bs - xs
        if d0 < 0 or (d0 == 0 and dd <= 0):
            g -= m * bv
            slope -= m * bs
            if d0 < 0 and dd > 0:  # b catches up with x: from then on the term follows x
                events.append((-d0 / dd, -m * (xs - bs)))
        else:
            g -= m * xv
            slope -= m * xs
            if d0 > 0 and dd < 0:  # b falls below x: from then on the term follows b
                events.append((d0 / -dd, -m * (bs - xs)))
    if g <= 0:  # pragma: no cover - the caller only asks when p strictly loses
        return 0
    events.sort(key=lambda e: e[0])
    t = Q(0)
    for te, dslope in events:
        if slope < 0:
            root = t + g / -slope
            if root <= te:
                break
        g += slope * (te - t)
        t = te
        slope += dslope
    else:
        if slope >= 0:
            return None
        root = t + g / -slope
    if slope >= 0:
        return None
    f = floor_q(root)
    return f - 1 if f == root else f


@dataclass
class MESResult:
    selected: list[int]
    rounds: dict[int, dict[str, Any]]  # per bought project: round, q, payers...
    T: int | None  # decisions identical on [k0, k0 + T] (None: forever); only when tracked
    left_per_project: dict[int, Any] = field(default_factory=dict)  # supporters' money left at the end
    zero_cost: list[int] = field(default_factory=list)
    group_left: list[Any] = field(
        default_factory=list
    )  # money left per ballot group (per voter), with explain
    group_start: list[Any] = field(default_factory=list)  # initial money per voter of each ballot group


class _Supports:
    """Sparse ballots (entries = (group, project) pairs) and per-group counts, as NumPy arrays, built once."""

    def __init__(self, prep: Prepared) -> None:
        sizes = np.fromiter((len(i) for i in prep.items), dtype=np.int64, count=len(prep.items))
        self.n_groups = len(prep.items)
        self.n_projects = len(prep.ids)
        self.entry_group = np.repeat(np.arange(self.n_groups, dtype=np.int64), sizes)
        flat = [p for its in prep.items for p in its]
        self.entry_project = np.asarray(flat, dtype=np.int64) if flat else np.zeros(0, dtype=np.int64)
        self.count = np.asarray(prep.count, dtype=np.float64)  # exact: counts are far below 2**53
        self.supporters = [np.asarray(s, dtype=np.int64) for s in prep.supporters]


def _supports(prep: Prepared) -> _Supports:
    cached = getattr(prep, "_np_supports", None)
    if cached is None:
        cached = _Supports(prep)
        prep._np_supports = cached  # type: ignore[attr-defined]
    return cached


def mes_candidates(prep: Prepared, initial: Iterable[int] = ()) -> tuple[list[int], list[int]]:
    """(projects MES may buy: supported and costing > 0; supported projects costing 0, bought for free)."""
    skip = set(initial)
    cand, zero = [], []
    for p in range(len(prep.ids)):
        if p in skip or prep.support_count[p] == 0:
            continue
        (cand if prep.cost[p] > 0 else zero).append(p)
    return cand, zero


def run_mes(
    prep: Prepared,
    budget: Any,
    k0: int = 0,
    *,
    track: bool = False,
    initial: Iterable[int] = (),
    explain: bool = False,
) -> MESResult:
    """One MES run with per-voter budget ``budget/W·ω + k0·n/W·ω`` (``= budget/n + k0`` without weights).

    With ``track``, also returns ``T``: the outcome is the same for every integer k in ``[k0, k0 + T]``.
    """
    sup = _supports(prep)
    P = sup.n_projects
    cand, zero = mes_candidates(prep, initial)
    budget = Q(budget)
    W = prep.total_weight
    n = prep.n_voters
    bound = _Bound()

    # Budget classes: class id -> (value at k0, slope in k). Groups with the same weight start in the same class.
    cls_v: list[Any] = []
    cls_s: list[Any] = []
    key_of: dict[tuple[Any, Any], int] = {}

    def class_id(v: Any, s: Any) -> int:
        key = (v, s)
        c = key_of.get(key)
        if c is None:
            c = len(cls_v)
            key_of[key] = c
            cls_v.append(v)
            cls_s.append(s)
        return c

    cls = np.zeros(sup.n_groups, dtype=np.int64)
    by_omega: dict[Any, int] = {}
    for g, om in enumerate(prep.omega):
        c = by_omega.get(om)
        if c is None:
            share = Q(om) / W
            c = by_omega[om] = class_id(budget * share + k0 * n * share, (n * share) if track else 0)
        cls[g] = c

    # cnt[p, c] = number of supporters of p in class c (float64 holding exact integers).
    cap = max(8, len(cls_v) * 4)
    cnt = np.zeros((P, cap), dtype=np.float64)
    if len(sup.entry_group):
        flat = np.bincount(
            sup.entry_project * cap + cls[sup.entry_group],
            weights=sup.count[sup.entry_group],
            minlength=P * cap,
        )
        cnt += flat.reshape(P, cap)

    cost = prep.cost
    alive = set(cand)
    # Lower bound on each project's ρ (ρ only grows as money is spent); initially all supporters pay equally.
    lb_v: dict[int, Any] = {p: Q(1, prep.support_count[p]) for p in cand}
    lb_s: dict[int, Any] = {p: 0 for p in cand}
    selected: list[int] = []
    rounds: dict[int, dict[str, Any]] = {}
    rnd = 0
    while alive:
        rnd += 1
        best_v: Any = None
        best_s: Any = 0
        tied: list[int] = []
        evaluated: list[tuple[int, Any, Any]] = []
        info: dict[int, tuple[Any, ...]] = {}
        order = sorted(alive, key=lambda p: lb_v[p])
        for pos, p in enumerate(order):
            # Lazy evaluation (as the reference): a project whose lower bound already exceeds the best ρ cannot
            # win; when tracking, it must keep that margin over the interval.
            if best_v is not None and lb_v[p] > best_v:
                if track and bound.T != 0:
                    for p2 in order[pos:]:
                        bound.gt0(lb_v[p2] - best_v, lb_s[p2] - best_s)
                break
            row = cnt[p]
            nz = np.flatnonzero(row[: len(cls_v)])
            entries = sorted(((cls_v[c], c, int(row[c])) for c in nz), key=lambda e: e[0])
            av_v = sum((v * m for v, _, m in entries), Q(0))
            c_p = cost[p]
            if av_v < c_p:
                alive.discard(p)
                if track and bound.T != 0:
                    # Budgets only shrink within a run, so it stays out; it must stay unaffordable over the interval.
                    av_s = sum((cls_s[c] * m for _, c, m in entries), Q(0))
                    bound.gt0(c_p - av_v, -av_s)
                continue
            # (Staying affordable needs no constraint: a loser that becomes unaffordable still loses, and the
            # winner's split constraints below imply that its supporters can pay.)
            # Smallest q with sum(min(money_c, q) * m_c) = cost: poorest classes pay all they have.
            R_v, R_s, N = c_p, Q(0), prep.support_count[p]
            split = len(entries)
            for i, (v, c, m) in enumerate(entries):
                if R_v <= N * v:
                    split = i
                    break
                R_v -= m * v
                if track:
                    R_s -= m * cls_s[c]
                N -= m
            q_v = R_v / N
            q_s = R_s / N if track else 0
            rho_v = q_v / c_p
            rho_s = q_s / c_p if track else 0
            # For any split into "pays all" / "pays q", this affine ρ is a lower bound of the true ρ (for every k),
            # so it stays a valid lower bound in later rounds.
            lb_v[p] = rho_v
            lb_s[p] = rho_s
            evaluated.append((p, rho_v, rho_s))
            info[p] = (q_v, q_s, [(c, i < split) for i, (_v, c, _m) in enumerate(entries)], N, entries, split)
            if best_v is None or rho_v < best_v:
                best_v, best_s, tied = rho_v, rho_s, [p]
            elif rho_v == best_v:
                tied.append(p)
        if not tied:
            break
        w = min(tied, key=lambda p: prep.ids[p])
        if track and bound.T != 0:
            # T never drops below 0, so once it is 0 no further constraint matters (a pure speed-up). The
            # winner's cheap split constraints go first: they often settle T = 0 before the losers' costlier ones.
            wv, ws = lb_v[w], lb_s[w]
            ranked = sorted(evaluated, key=lambda e: not (e[0] == w or e[1] == wv))
            for p, rv, rs in ranked:
                if bound.T == 0:
                    break
                q_v, q_s, _cl, _n, entries, split = info[p]
                if p == w or rv == wv:
                    # The winner's payments shape every later amount: its split must stay valid. (Exact ties are
                    # rare; they keep the strict treatment too.)
                    for i, (v, c, _m) in enumerate(entries):
                        if i < split:
                            bound.ge0(q_v - v, q_s - cls_s[c])
                        else:
                            bound.ge0(v - q_v, cls_s[c] - q_s)
                    if p != w:
                        bound.same(rv - wv, rs - ws)
                else:
                    # p loses strictly; it keeps losing while its supporters, each paying min(money, ρ_w · cost),
                    # cannot cover its cost: g(t) = cost - sum(m · min(b(t), ρ_w(t) · cost)) > 0 (convex in t).
                    c_p = cost[p]
                    cap_t = _convex_first_root(
                        c_p, [(m, v, cls_s[c]) for v, c, m in entries], wv * c_p, ws * c_p
                    )
                    if cap_t is not None:
                        bound._cap(cap_t)
        q_v, q_s, classes, n_full, _e, _s = info[w]
        alive.discard(w)
        selected.append(w)
        paid = Q(0)
        remap: dict[int, int] = {}
        n_capped = 0
        for c, poor in classes:
            m = int(cnt[w, c])
            if poor:
                paid += m * cls_v[c]
                n_capped += m
                remap[c] = class_id(Q(0), Q(0) if track else 0)
            else:
                paid += m * q_v
                remap[c] = class_id(cls_v[c] - q_v, (cls_s[c] - q_s) if track else 0)
        rounds[w] = {
            "round": rnd,
            "q": q_v,
            "full_payers": n_full,
            "capped_payers": n_capped,
            "paid": paid,
            "supporters": prep.support_count[w],
        }
        # Move the supporters of w to their new classes, and update every project's class counts.
        if len(cls_v) > cnt.shape[1]:
            grown = np.zeros((P, max(len(cls_v), cnt.shape[1] * 2)), dtype=np.float64)
            grown[:, : cnt.shape[1]] = cnt
            cnt = grown
        sw = sup.supporters[w]
        old = cls[sw]
        is_sw = np.zeros(sup.n_groups, dtype=bool)
        is_sw[sw] = True
        ent = np.flatnonzero(is_sw[sup.entry_group])
        eg = sup.entry_group[ent]
        ncls = cnt.shape[1]
        delta = np.bincount(
            cls[eg] * P + sup.entry_project[ent], weights=sup.count[eg], minlength=ncls * P
        ).reshape(ncls, P)
        for c_old in np.unique(old):
            c_new = remap[int(c_old)]
            if c_new != c_old:
                cnt[:, c_old] -= delta[c_old]
                cnt[:, c_new] += delta[c_old]
        lut = np.arange(ncls, dtype=np.int64)
        for c_old, c_new in remap.items():
            lut[c_old] = c_new
        cls[sw] = lut[old]

    res = MESResult(selected=selected, rounds=rounds, T=bound.T, zero_cost=zero)
    if explain:
        res.group_left = [cls_v[int(c)] for c in cls]
        res.group_start = [Q(om) / W * (budget + k0 * n) for om in prep.omega]
        for p in cand:
            if p not in rounds:
                row = cnt[p]
                nz = np.flatnonzero(row[: len(cls_v)])
                res.left_per_project[p] = sum((cls_v[c] * int(row[c]) for c in nz), Q(0))
    return res


def mes(prep: Prepared, budget: Any, *, initial: Iterable[int] = ()) -> RuleRun:
    """Pure MES (see the module docstring)."""
    res = run_mes(prep, budget, 0, initial=initial, explain=True)
    return _as_run(prep, res, budget, 0)


def mes_completion_k(
    prep: Prepared, budget: Any, *, max_runs: int = 1_000_000, max_k: int | None = None
) -> tuple[int, MESResult, int]:
    """Find what the reference's increment-by-1 loop returns, without stepping k one unit at a time.

    Returns ``(k, result, runs)``: the per-voter budget raise ``k`` whose MES outcome the loop returns, that
    outcome, and how many parametric MES runs were needed. With ``max_k``, raises :class:`CompletionTooLong` as
    soon as the answer is known to be beyond ``max_k``.
    """
    budget = Q(budget)
    cand, _zero = mes_candidates(prep)
    sup = _supports(prep)
    cost = prep.cost
    k = 0
    prev: tuple[int, int, MESResult] | None = None  # (last k of the interval, k of the run, its result)
    runs = 0
    step = 1
    wait = backoff = 0
    while runs < max_runs:
        runs += 1
        res = run_mes(prep, budget, k, track=True)
        spent = sum((cost[p] for p in res.selected), Q(0))
        if spent > budget:
            # The loop returns the previous outcome (k >= 1 here: at k = 0 MES never overspends). Within an
            # interval the bought set and the payments are the same, but the order of independent purchases may
            # differ: rerun at the interval's last k for the exact order (and explanations).
            assert prev is not None
            last, k_run, pres = prev
            if last != k_run:
                runs += 1
                pres = run_mes(prep, budget, last)
            return last, pres, runs
        chosen = set(res.selected)
        if all(p in chosen or cost[p] + spent > budget for p in cand):
            return k, res, runs
        limit = k + _FOREVER if max_k is None else min(k + _FOREVER, max(k, max_k) + 1)
        # The affine certificate of the tracked run: the same sequence on [k, k + T].
        last = limit if res.T is None else min(limit, k + res.T)
        if wait:
            wait -= 1
        else:
            # The structural certificate (see _mescert): it costs about one run; where it keeps finding nothing
            # beyond T (the outcome really changes every unit), it is tried again only after 1, 2, 4, ... 16 runs.
            cert, _block = stable_until(prep, sup, budget, k, res.selected, cand, step, limit)
            if cert > last:
                last, backoff = cert, 0
            else:
                backoff = min(16, max(1, 2 * backoff))
                wait = backoff
        if last >= k + _FOREVER:
            raise RuntimeError(
                "MES completion does not terminate: the outcome no longer changes as budgets grow"
            )
        step = max(1, (last - k + 1) // 2)
        prev = (last, k, res)
        k = last + 1
        if max_k is not None and k > max_k:
            raise CompletionTooLong(k)
    raise RuntimeError("MES completion: too many runs")


class CompletionTooLong(Exception):  # noqa: N818 - a signal, not an error
    """The completion needs a per-voter raise beyond the ``max_k`` asked for."""


def mes_literal_completion_k(prep: Prepared, budget: Any, *, max_k: int = 100_000) -> tuple[int, list[int]]:
    """The reference's loop, literally (k = 0, 1, 2, ...): for tests on small instances only."""
    budget = Q(budget)
    cand, _ = mes_candidates(prep)
    cost = prep.cost
    prev: tuple[int, list[int]] | None = None
    for k in range(max_k):
        sel = run_mes(prep, budget, k).selected
        spent = sum((cost[p] for p in sel), Q(0))
        if spent > budget:
            assert prev is not None
            return prev
        if all(p in sel or cost[p] + spent > budget for p in cand):
            return k, sel
        prev = (k, sel)
    raise RuntimeError("literal MES completion did not finish")


def _as_run(prep: Prepared, res: MESResult, budget: Any, k: int) -> RuleRun:
    run = RuleRun()
    budget = Q(budget)
    W = prep.total_weight
    per_voter = (budget + k * prep.n_voters) / W  # for an unweighted voter
    for p in res.zero_cost:
        run.selected.append(p)
        run.decisions[p] = Decision(
            prep.ids[p],
            True,
            "funded_zero_cost",
            round=0,
            figures={"stage": "mes", "supporters": prep.support_count[p]},
        )
    for p in res.selected:
        r = res.rounds[p]
        run.selected.append(p)
        run.decisions[p] = Decision(
            prep.ids[p],
            True,
            "funded",
            round=r["round"],
            figures={
                "stage": "mes",
                "supporters": r["supporters"],
                "payers": r["full_payers"] + r["capped_payers"],
                "full_payers": r["full_payers"],
                "capped_payers": r["capped_payers"],
                "share": to_fraction(r["q"]),
                "cost": to_fraction(prep.cost[p]),
            },
        )
    for p in range(len(prep.ids)):
        if p in run.decisions:
            continue
        if prep.support_count[p] == 0:
            run.decisions[p] = Decision(prep.ids[p], False, "no_support", figures={"stage": "mes"})
        elif p in res.left_per_project:
            run.decisions[p] = Decision(
                prep.ids[p],
                False,
                "mes_unaffordable",
                figures={
                    "stage": "mes",
                    "supporters": prep.support_count[p],
                    "left": to_fraction(res.left_per_project[p]),
                    "cost": to_fraction(prep.cost[p]),
                },
            )
    run.details = {"per_voter_budget": to_fraction(per_voter), "k": k, "rounds": len(res.selected)}
    return run
