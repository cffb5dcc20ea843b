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
Each round is decided by a float *screen* (:func:`_screen_round`): floats pick the candidate, its ρ is computed
exactly, and every other project is proven to lose by a float sum of non-negative terms with a proven error bound
(or, inside the margin, on exact rationals) — exact water-filling is done for the winner and near-ties only.

Completion (``mes-complete``)
----------------------------
The usual completion (the reference with ``voter_budget_increment=1``): rerun MES with every voter's budget raised
by 1 currency unit (k = 0, 1, 2, ...) until the outcome is exhaustive with respect to the supported projects
(return it) or costs more than the budget (return the outcome for k - 1); then greedy fills what is left. Looping
k one by one never ends with HUF or VND budgets. Here, after one exact MES run at k0, a certificate
(:mod:`._mescert`) proves the outcome — the bought set and every payment — the same for every integer k up to some
R, from the run's structure and the monotonicity of every amount in k: it checks MES's comparisons at the two ends
of a range (and at midpoints where that is not enough), on floats with proven error bounds and on exact rationals
inside them. The search then jumps to R + 1. Where the outcome really changes every unit or two, the certificate
is tried less often (after 1, 2, 4, ... 16 runs). It returns exactly what the literal loop returns (tested
against it), in a few hundred runs at most instead of tens of thousands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._num import Q, to_fraction
from ..model import Decision
from ._common import Prepared, RuleRun
from ._mescert import stable_until

_FOREVER = 10**15  # a per-voter raise beyond which the outcome is taken never to change
_PAYS = 4  # a certificate that jumps fewer units than this costs more than the runs it saves
_U = 2.0**-53  # unit roundoff of float64
_INF = float("inf")


def _rho_float(row: np.ndarray, vf: np.ndarray, cost_f: float, n_sup: float) -> float:
    """ρ of a project by float water-filling (an estimate only: it picks the candidate; inf: looks unaffordable)."""
    nz = np.flatnonzero(row)
    v = vf[nz]
    o = np.argsort(v, kind="stable")
    v = v[o]
    m = row[nz][o]
    mv = m * v
    rest = cost_f - (np.cumsum(mv) - mv)
    left = n_sup - (np.cumsum(m) - m)
    ok = np.flatnonzero(rest <= left * v)
    if not len(ok):
        return _INF
    i = int(ok[0])
    return float(rest[i] / left[i] / cost_f)


def _screen_round(
    alive: set[int],
    lb_f: np.ndarray,
    cnt: np.ndarray,
    vf: np.ndarray,
    exact_eval: Any,
    prep: Prepared,
    cost_f: np.ndarray,
) -> tuple[int, tuple[Any, list[tuple[Any, int, int]], int, int]] | None:
    """One MES round decided exactly, with floats as a screen: (winner, its exact water-filling) or None (no round).

    Floats pick a candidate w (smallest estimated (ρ, id)); w's ρ is then computed exactly, and every other alive
    project is proven to lose: its proven lower bound ``lb_f`` exceeds ρ_w, or, at some x >= ρ_w, its supporters
    paying ``min(money, x · cost)`` cannot cover the cost — a sum of non-negative terms, so its float value is within
    ``(terms + 16) · 8u`` (relative) of the exact one, and outside that margin the float comparison is the exact one
    (then ρ_p > x, which is also p's new lower bound: ρ only grows within a run). Anything inside the margin is
    decided on exact rationals; a project found to beat w becomes the candidate. ``alive`` loses the projects proven
    unaffordable; ``lb_f`` is updated.
    """
    C = len(vf)
    cost = prep.cost
    ids = prep.ids
    supp = prep.support_count
    exact: dict[int, Any] = {}
    while True:
        est: dict[int, float] = {}
        best = _INF
        for p in sorted(alive, key=lambda p: lb_f[p]):
            if lb_f[p] > best * (1 + 1e-9):
                break
            row = cnt[p, :C]
            r = _rho_float(row, vf, cost_f[p], float(supp[p]))
            if r == _INF:
                # Unaffordable? Proven by the float sum of money when clear, else exactly.
                nnz = np.count_nonzero(row)
                # Not ``row @ vf``: BLAS may wake its threads for a single dot product.
                avail = float((row * vf).sum())
                if avail * (1 + (nnz + 16) * 8 * _U) < cost_f[p] * (1 - 8 * _U):
                    ex = None
                else:
                    ex = exact[p] if p in exact else exact_eval(p)
                if ex is None:
                    alive.discard(p)
                    continue
                exact[p] = ex
                r = float(ex[0] / cost[p])
            est[p] = r
            if r < best:
                best = r
        if not est:  # every alive project was looked at (no finite best to stop at): none is affordable
            return None
        w = min(est, key=lambda p: (est[p], ids[p]))
        ex_w = exact[w] if w in exact else exact_eval(w)
        if ex_w is not None:
            break
        # The floats took an unaffordable project for the best: drop it and look again (the others were skipped
        # against its estimate).
        alive.discard(w)
    rho_w = ex_w[0] / cost[w]
    eta = (C + 16) * 8 * _U
    while True:
        x_up = float(rho_w) * (1 + 8 * _U)  # >= ρ_w (float() truncates: within 2u)
        rest = [p for p in alive if p != w and not lb_f[p] > x_up]
        unsure: list[int] = []
        for lo in range(0, len(rest), 32):
            chunk = np.asarray(rest[lo : lo + 32], dtype=np.int64)
            xs = np.asarray(
                [
                    max(x_up, est.get(p, _INF) * (1 - 1e-9)) if est.get(p, _INF) < _INF else x_up
                    for p in chunk.tolist()
                ]
            )
            cf = cost_f[chunk]
            g = (np.minimum(vf[None, :], (xs * cf)[:, None]) * cnt[chunk, :C]).sum(axis=1)
            sure = g * (1 + eta) < cf * (1 - 8 * _U)
            lb_f[chunk[sure]] = xs[sure]
            unsure.extend(chunk[~sure].tolist())
        beaten = False
        for p in unsure:
            ex = exact[p] if p in exact else exact_eval(p)
            if ex is None:
                alive.discard(p)
                continue
            exact[p] = ex
            rp = ex[0] / cost[p]
            if rp < rho_w or (rp == rho_w and ids[p] < ids[w]):
                # p beats the candidate: it becomes the candidate; projects already proven to lose lose to it too.
                lb_f[w] = float(rho_w) * (1 - 4 * _U)
                w, ex_w, rho_w = p, ex, rp
                beaten = True
                break
            lb_f[p] = float(rp) * (1 - 4 * _U)
        if not beaten:
            return w, ex_w


@dataclass
class MESResult:
    selected: list[int]
    rounds: dict[int, dict[str, Any]]  # per bought project: round, q, payers...
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
        # Initial budget classes do not depend on k: one per voter weight (the same order in every run).
        by_omega: dict[Any, int] = {}
        self.omegas: list[Any] = []
        self.omega_class = np.zeros(self.n_groups, dtype=np.int64)
        for g, om in enumerate(prep.omega):
            c = by_omega.get(om)
            if c is None:
                c = by_omega[om] = len(self.omegas)
                self.omegas.append(om)
            self.omega_class[g] = c
        # Supporters of each project per initial class.
        n0 = max(1, len(self.omegas))
        self.cnt0 = np.zeros((self.n_projects, n0), dtype=np.float64)
        if len(self.entry_group):
            self.cnt0 += np.bincount(
                self.entry_project * n0 + self.omega_class[self.entry_group],
                weights=self.count[self.entry_group],
                minlength=self.n_projects * n0,
            ).reshape(self.n_projects, n0)
        self.cost_f = np.asarray([float(c) for c in prep.cost], dtype=np.float64)
        self._entries_of: dict[int, np.ndarray] = {}

    def entries_of(self, p: int) -> np.ndarray:
        """Indices of the ballot entries of p's supporters (cached: the same in every run)."""
        got = self._entries_of.get(p)
        if got is None:
            is_sp = np.zeros(self.n_groups, dtype=bool)
            is_sp[self.supporters[p]] = True
            got = self._entries_of[p] = np.flatnonzero(is_sp[self.entry_group])
        return got


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
    initial: Iterable[int] = (),
    explain: bool = False,
) -> MESResult:
    """One MES run with per-voter budget ``budget/W·ω + k0·n/W·ω`` (``= budget/n + k0`` without weights)."""
    sup = _supports(prep)
    P = sup.n_projects
    cand, zero = mes_candidates(prep, initial)
    budget = Q(budget)
    W = prep.total_weight
    n = prep.n_voters

    # Budget classes (voters with the same money): exact money, and the same as floats (gmpy2 truncates: within
    # 2 units in the last place) for the screen. Groups with the same weight start in the same class; one class
    # holds those who have nothing left.
    cls_v: list[Any] = []
    cls_f: list[float] = []
    first_of: dict[Any, int] = {}
    start: list[int] = []
    for om in sup.omegas:
        v = budget * (Q(om) / W) + k0 * n * (Q(om) / W)
        c = first_of.get(v)
        if c is None:
            c = first_of[v] = len(cls_v)
            cls_v.append(v)
            cls_f.append(float(v))
        start.append(c)
    zero_c = len(cls_v)
    cls_v.append(Q(0))
    cls_f.append(0.0)

    # cnt[p, c] = number of supporters of p in class c (float64 holding exact integers).
    n0 = sup.cnt0.shape[1]
    cap = max(8, n0 * 4)
    cnt = np.zeros((P, cap), dtype=np.float64)
    if start == list(range(len(start))):
        cls = sup.omega_class.copy()
        cnt[:, :n0] = sup.cnt0
    else:  # two weights starting with the same money share a class
        lut0 = np.asarray(start, dtype=np.int64)
        cls = lut0[sup.omega_class]
        for j, c in enumerate(start):
            cnt[:, c] += sup.cnt0[:, j]

    cost = prep.cost
    alive = set(cand)
    selected: list[int] = []
    rounds: dict[int, dict[str, Any]] = {}
    rnd = 0
    # Proven lower bounds on each project's ρ (ρ only grows as money is spent); at first everybody pays equally.
    lb_f = np.zeros(P, dtype=np.float64)
    for p in cand:
        lb_f[p] = float(Q(1, prep.support_count[p])) * (1 - 4 * _U)

    vf_buf = np.zeros(64, dtype=np.float64)
    n_sync = 0
    compact_at = 2 * cap

    def money_f() -> np.ndarray:
        """The floats of every class's money, as an array (classes are only appended between compactions)."""
        nonlocal vf_buf, n_sync
        C = len(cls_f)
        if C > n_sync:
            if C > len(vf_buf):
                grown = np.zeros(max(C, 2 * len(vf_buf)), dtype=np.float64)
                grown[:n_sync] = vf_buf[:n_sync]
                vf_buf = grown
            vf_buf[n_sync:C] = cls_f[n_sync:C]
            n_sync = C
        return vf_buf[:C]

    def sorted_entries(p: int) -> list[tuple[Any, int, int]]:
        """(money, class, supporters) of p's supporters per class, sorted by money (exactly; ties by class)."""
        C = len(cls_v)
        row = cnt[p, :C]
        nz = np.flatnonzero(row)
        nz = nz[np.argsort(money_f()[nz], kind="stable")]  # nearly sorted: the exact sort below is cheap
        ms = row[nz].astype(np.int64).tolist()
        entries = [(cls_v[c], c, m) for c, m in zip(nz.tolist(), ms, strict=True)]
        entries.sort(key=lambda e: e[0])
        return entries

    def exact_eval(p: int) -> tuple[Any, list[tuple[Any, int, int]], int, int] | None:
        """Exact water-filling for p: (q, entries sorted by money, split, full payers); None if unaffordable."""
        entries = sorted_entries(p)
        c_p = cost[p]
        if sum((v * m for v, _, m in entries), Q(0)) < c_p:
            return None
        R_v, N = c_p, prep.support_count[p]
        split = len(entries)
        for i, (v, _c, m) in enumerate(entries):
            if R_v <= N * v:
                split = i
                break
            R_v -= m * v
            N -= m
        return R_v / N, entries, split, N

    while alive:
        rnd += 1
        screened = _screen_round(alive, lb_f, cnt, money_f(), exact_eval, prep, sup.cost_f)
        if screened is None:
            break
        w, (q_v, entries, split, n_full) = screened
        alive.discard(w)
        selected.append(w)
        # w's supporters in the poorest classes (before ``split``) pay all they have and go to the class with no
        # money; each other class pays q and becomes a new class (no lookup for an existing class with the same
        # money: such coincidences are rare, and a class is only a group of voters with the same money).
        poor = entries[:split]
        rich = entries[split:]
        n_capped = sum(m for _v, _c, m in poor)
        paid = sum((m * v for v, _c, m in poor), Q(0)) + n_full * q_v
        olds = [c for _v, c, _m in entries]
        first_new = len(cls_v)
        new_v = [v - q_v for v, _c, _m in rich]
        cls_v.extend(new_v)
        cls_f.extend([float(v) for v in new_v])
        news_l = [zero_c] * split + list(range(first_new, len(cls_v)))
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
        u = np.asarray(olds, dtype=np.int64)  # the classes of w's supporters (distinct)
        news = np.asarray(news_l, dtype=np.int64)
        lut = np.arange(cnt.shape[1], dtype=np.int64)
        where = np.zeros(cnt.shape[1], dtype=np.int64)
        where[u] = np.arange(len(u))
        sw = sup.supporters[w]
        ent = sup.entries_of(w)
        eg = sup.entry_group[ent]
        # Per old class of w's supporters: how many supporters of each project move (exact integer counts).
        delta = np.bincount(
            where[cls[eg]] * P + sup.entry_project[ent], weights=sup.count[eg], minlength=len(u) * P
        ).reshape(len(u), P)
        cnt[:, u] -= delta.T
        if split > 1:  # several old classes go to the class with no money
            cnt[:, zero_c] += delta[:split].sum(axis=0)
            cnt[:, news[split:]] += delta[split:].T
        else:
            cnt[:, news] += delta.T
        lut[u] = news
        cls[sw] = lut[cls[sw]]
        if len(cls_v) >= compact_at:
            # Drop the classes nobody is in any more (each round empties some): every per-project pass over the
            # class columns gets shorter.
            live = np.union1d(cls, [zero_c])
            remap = np.full(len(cls_v), -1, dtype=np.int64)
            remap[live] = np.arange(len(live))
            cls = remap[cls]
            zero_c = int(remap[zero_c])
            packed = np.zeros((P, max(cap, 2 * len(live))), dtype=np.float64)
            packed[:, : len(live)] = cnt[:, live]
            cnt = packed
            keep = live.tolist()
            cls_v[:] = [cls_v[c] for c in keep]
            cls_f[:] = [cls_f[c] for c in keep]
            n_sync = 0
            compact_at = max(cap, 2 * len(live))

    res = MESResult(selected=selected, rounds=rounds, zero_cost=zero)
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
    outcome, and how many exact MES runs were needed. With ``max_k``, raises :class:`CompletionTooLong` as
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
        res = run_mes(prep, budget, k)
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
        last = k
        if wait:
            wait -= 1
        else:
            # The certificate (see _mescert) costs a few runs' worth; where it jumps less than _PAYS units (the
            # outcome really changes every unit or two), it is tried again only after 1, 2, 4, ... 16 runs.
            last, _block = stable_until(prep, sup, budget, k, res.selected, cand, step, limit)
            if last - k >= _PAYS:
                backoff = 0
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
