"""How far does an MES outcome stay the same as every voter's budget grows? (for ``mes-complete``)

The completion reruns MES for k = 0, 1, 2, ... (per-voter raise). After one exact run at ``k1`` this module proves
that the outcome — the bought set and every payment — is the same for every integer k in ``[k1, R]`` and returns R.
It never trusts a float: floats only pre-screen comparisons whose exact answer is then implied by a proven error
bound; anything close is decided on exact rationals.

The structure of a run
----------------------
MES can be read as a clock: ρ rises, and a project is bought as soon as its supporters can cover its cost with
everybody paying at most ρ · cost (ties: smallest id); purchases come in increasing (τ, id) order, τ being ρ when
bought. Buying a project only changes its supporters' money. A voter who can pay the full cap ``τ · cost`` of
every bought project they support always pays that cap, in whatever order; only the other, *constrained* voters
make the order of two purchases matter. The run at ``k1`` fixes the *structure*: the bought projects and the DAG
"a before b" for purchases sharing a constrained voter. Voters with the same purchases so far have the same money
whatever k (history classes), so every amount is a function of k. The outcome — the bought set and every
payment — is the same at another k when, with the structure imposed at k:

* (A) every project p, for each purchase n it must not precede (its DAG parents if p is bought, every
  neighbour's purchase otherwise), has ``(ρ_p, id_p) > (τ_n, id_n)``, ρ_p computed with p's supporters' money
  after the longest prefix (in the run's order) of those purchases that are surely made before n — DAG
  ancestors of n, or purchases whose τ is below n's (:meth:`Structure._emax`);
* (U) a project that is not bought cannot afford itself after all its neighbours' purchases.

Then MES at k buys, round after round, the (τ, id)-smallest remaining project of the structure, with the same
payments (induction on the rounds: that project's DAG parents are bought and its constrained voters have their
recorded money; any other project has a first pending purchase n it must not precede, its money is at most the
one (A) was computed with, so it loses to n and hence to the smallest; an unbought project with nothing pending
cannot pay, by (U)). Purchases with no constrained voter in common may swap; that changes nothing.

Monotone in k, hence two points suffice
---------------------------------------
With the structure fixed, every voter's money is non-decreasing in k, every τ and every ρ(epoch) non-increasing
(by induction along the purchases: more money lowers ρ, hence the payment ``min(money, ρ · cost)`` of those who
pay ρ · cost, which leaves them more). So a comparison ``X(k) > Y(k)`` between two such amounts holds on all of
``[a, b]`` as soon as ``X(b) > Y(a)``, and "cannot afford" holds on ``[a, b]`` as soon as it holds at b. Where the
two-point test fails, the range is cut in two at its middle and the comparison is also checked at the middle
point exactly; at unit length only the integers themselves are left to check. This is immune to the payment
splits changing inside the range (a class of supporters switching between "pays all it has" and "pays ρ · cost"),
which is what kept affine extrapolation short.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._num import Q
from ._common import Prepared

_U = 2.0**-53
_W = 4 * _U  # the widening of a proven float bound that covers the rounding of the comparison itself


def waterfill(vals: list[tuple[Any, int]], cost: Any, n: int) -> Any:
    """The payment cap q with ``sum(min(v, q) · m) = cost`` (vals sorted by v, n = sum of m); None if unaffordable."""
    rest = cost
    for v, m in vals:
        if rest <= n * v:
            break
        rest -= m * v
        n -= m
    if n == 0:
        return None
    return rest / n


def _overlap(inc: np.ndarray) -> np.ndarray:
    """(columns x columns) booleans: do two columns of a boolean incidence matrix share a row?"""
    packed = np.packbits(inc.T, axis=1)
    n = packed.shape[0]
    out = np.zeros((n, n), dtype=bool)
    for i in range(n):
        out[i] = (packed & packed[i]).any(axis=1)
    return out


def _incidence(sup: Any) -> np.ndarray:
    inc = getattr(sup, "_incidence", None)
    if inc is None:
        inc = np.zeros((sup.n_groups, sup.n_projects), dtype=bool)
        inc[sup.entry_group, sup.entry_project] = True
        sup._incidence = inc
    return inc


def _neighbours(sup: Any, inc: np.ndarray) -> np.ndarray:
    nb = getattr(sup, "_neighbours", None)
    if nb is None:
        nb = sup._neighbours = _overlap(inc)
    return nb


class Structure:
    """The structure of the exact MES run at ``k1`` (selection order ``seq``) and its conditions."""

    def __init__(
        self, prep: Prepared, sup: Any, budget: Any, k1: int, seq: list[int], cand: list[int]
    ) -> None:
        self.prep = prep
        self.budget = Q(budget)
        self.seq = seq
        cost = prep.cost
        W = prep.total_weight
        self.n = prep.n_voters
        G = sup.n_groups
        # Initial classes: one per voter weight (money(k) = (budget + k·n) · ω / W).
        by_omega: dict[Any, int] = {}
        self.share: list[Any] = []
        cls = np.empty(G, dtype=np.int64)
        for g, om in enumerate(prep.omega):
            c = by_omega.get(om)
            if c is None:
                c = by_omega[om] = len(self.share)
                self.share.append(Q(om) / W)
            cls[g] = c
        n_cls = len(self.share)
        # History classes: voters who supported the same bought projects so far have the same money, whatever k.
        cls0 = cls.copy()
        self.rounds: list[tuple[list[int], list[int], list[int], int]] = []
        for w in seq:
            sw = sup.supporters[w]
            old = cls[sw]
            u, inv = np.unique(old, return_inverse=True)
            mult = np.bincount(inv, weights=sup.count[sw])
            new = np.arange(n_cls, n_cls + len(u), dtype=np.int64)
            n_cls += len(u)
            cls[sw] = new[inv]
            self.rounds.append((u.tolist(), [int(x) for x in mult], new.tolist(), int(mult.sum())))
        self.n_cls = n_cls
        self._rounds_np = [
            (
                np.asarray(o, dtype=np.int64),
                np.asarray(m, dtype=np.float64),
                np.asarray(nw, dtype=np.int64),
                n,
            )
            for o, m, nw, n in self.rounds
        ]
        self._cache: dict[int, tuple[list[Any], np.ndarray, list[Any]]] = {}
        self._fcache: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        r = len(seq)
        seq_arr = np.asarray(seq, dtype=np.int64)
        P = sup.n_projects
        pos = {w: j for j, w in enumerate(seq)}

        # Neighbours: projects sharing at least one ballot group.
        inc = _incidence(sup)
        nb = _neighbours(sup, inc)

        # Voters who can pay every cap q = τ · cost of the projects they support (at k1, hence at every k >= k1)
        # always pay the full cap, in whatever order the purchases come: only the *constrained* others make the
        # order of two purchases matter.
        self.cost_f = np.asarray([float(c) for c in cost])
        _m, _e, tau1_f, tau1_e = self.at_f(k1)
        init = [(self.budget + k1 * self.n) * sh for sh in self.share]
        total_f = np.zeros(G)
        for j, w in enumerate(seq):
            total_f[sup.supporters[w]] += float(tau1_f[j] * self.cost_f[w])
        init_f = np.asarray([float(init[c]) for c in cls0]) if G else np.zeros(0)
        # The floats are within about 1e-12 (relative) of the exact amounts: a margin of 1e-9 decides.
        margin = 1e-9 if r == 0 or float((tau1_e / tau1_f).max()) < 1e-11 else np.inf
        constrained = total_f > init_f * (1 + margin)
        unsure = np.flatnonzero(~constrained & (total_f >= init_f * (1 - margin)))
        if len(unsure):
            taus1 = self.at(k1)[2]
            caps = [taus1[j] * cost[w] for j, w in enumerate(seq)]
            bought = set(seq)
            for g in unsure.tolist():
                tot = sum((caps[pos[p]] for p in prep.items[g] if p in bought), Q(0))
                constrained[g] = tot > init[int(cls0[g])]
        # DAG of the purchases: a before b when they share a constrained voter (anc: transitively).
        edge = _overlap(inc[np.ix_(constrained, seq_arr)]) if r else np.zeros((0, 0), dtype=bool)
        anc = np.zeros((r, r), dtype=bool)
        for j in range(r):
            par = np.flatnonzero(edge[j, :j])
            if len(par):
                anc[j, par] = True
                anc[j] |= anc[par].any(axis=0)

        self.anc = anc
        # Conditions: p must not come before the purchase J[i] (its DAG parents if p is bought, every neighbour's
        # purchase otherwise), with p's money taken after J[0..e-1] for the longest prefix surely bought before
        # J[i] (see _emax); and an unbought p cannot afford itself after all of J. Epoch e of p = its supporters'
        # history classes after the rounds before J[e-1] + 1.
        c_p: list[int] = []
        c_i: list[int] = []
        c_j: list[int] = []
        c_ep: list[int] = []  # index of p's epoch 0
        ep_project: list[int] = []
        ep_round: list[int] = []
        self.J: dict[int, np.ndarray] = {}
        pre_parts: list[np.ndarray] = []  # per condition (p, i): J[:i] (empty for U conditions)
        self.conds_of: dict[int, list[int]] = {}
        for p in cand:
            jp = pos.get(p)
            J = (edge[jp, :jp] if jp is not None else nb[p, seq_arr]).nonzero()[0]
            n_ep = len(J) + (1 if jp is None else 0)
            if not n_ep:
                continue
            self.J[p] = J
            base = len(ep_round)
            for e in range(n_ep):
                ep_project.append(p)
                ep_round.append(0 if e == 0 else int(J[e - 1]) + 1)
            mine = self.conds_of[p] = []
            for i in range(len(J)):
                pre_parts.append(J[:i])
                mine.append(len(c_p))
                c_p.append(p)
                c_i.append(i)
                c_j.append(int(J[i]))
                c_ep.append(base)
            if jp is None:
                pre_parts.append(J[:0])
                mine.append(len(c_p))
                c_p.append(p)
                c_i.append(len(J))
                c_j.append(-1)
                c_ep.append(base)
        self.c_p = np.asarray(c_p, dtype=np.int64)
        self.c_i = np.asarray(c_i, dtype=np.int64)
        self.c_j = np.asarray(c_j, dtype=np.int64)
        self.c_ep = np.asarray(c_ep, dtype=np.int64)
        pre_len = np.fromiter((len(x) for x in pre_parts), dtype=np.int64, count=len(pre_parts))
        self.pre_start = np.zeros(len(pre_parts) + 1, dtype=np.int64)
        np.cumsum(pre_len, out=self.pre_start[1:])
        self.pre_j = np.concatenate(pre_parts).astype(np.int64) if pre_parts else np.zeros(0, dtype=np.int64)
        self.n_rows = len(c_p)
        self.key = [prep.ids[p] for p in range(P)]
        # A project with n supporters cannot cover its cost at ρ = τ when n · τ < 1 (even if each paid the whole
        # cap τ · cost): such a condition holds whatever the money, and τ only decreases as k grows, so it holds
        # on every range the certificate may try: it is never checked again.
        self._n_sup = np.asarray(prep.support_count, dtype=np.float64)
        hi_tau = (tau1_f + tau1_e) * (1 + _W)
        hi_cap = hi_tau[self.c_j] if r else np.full(len(self.c_j), np.inf)  # (no purchase: only U conditions)
        trivial = (self.c_j >= 0) & (self._n_sup[self.c_p] * hi_cap < 1 - 1e-9)
        self.active = np.flatnonzero(~trivial)
        # Epoch rows are built for what the active conditions use at k1; any other row when first asked for.
        self._ep_project = np.asarray(ep_project, dtype=np.int64)
        self._ep_round = np.asarray(ep_round, dtype=np.int64)
        self._sup, self._cls0 = sup, cls0
        self._gathered: dict[bytes, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        # The history classes after r rounds depend only on the first r purchases: rows the previous certificate
        # of this instance built for rounds its sequence shares with this one are the same rows (the next
        # certificate usually follows a change late in the sequence).
        prev_seq, prev_rows = getattr(sup, "_epoch_cache", ((), {}))
        same = next(
            (i for i, (x, y) in enumerate(zip(prev_seq, seq, strict=False)) if x != y), min(len(prev_seq), r)
        )
        self._reuse = {key: row for key, row in prev_rows.items() if key[1] <= same}
        self._built: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        sup._epoch_cache = (tuple(seq), self._built)
        self.row_start = np.zeros(len(ep_project), dtype=np.int64)
        self.row_len = np.full(len(ep_project), -1, dtype=np.int64)
        self.ent_cls = np.zeros(0, dtype=np.int64)
        self.ent_m = np.zeros(0)
        want = np.zeros(len(ep_project), dtype=bool)
        if len(self.active):
            want[self.c_ep[self.active] + self._emax(self.active, k1, k1)] = True
        self._epoch_rows(want)

    def _epoch_rows(self, want: np.ndarray) -> None:
        """Build the epoch rows asked for: each (p, after round r) as its supporters per history class.

        The rounds are replayed on a (projects x classes) count matrix, as in a run, and each row is read off it
        when its round comes: a row has one entry per class (not per ballot group), and no ballot-sized array is
        built per row.
        """
        sup, seq, ep_project, ep_round = self._sup, self.seq, self._ep_project, self._ep_round
        P = sup.n_projects
        parts_c: list[np.ndarray] = [self.ent_cls]
        parts_m: list[np.ndarray] = [self.ent_m]
        offset = len(self.ent_cls)
        wanted = []
        for row in np.flatnonzero(want).tolist():
            key = (int(ep_project[row]), int(ep_round[row]))
            got = self._reuse.get(key)
            if got is None:
                wanted.append(row)
                continue
            self._built[key] = got
            self.row_start[row] = offset
            self.row_len[row] = len(got[0])
            parts_c.append(got[0])
            parts_m.append(got[1])
            offset += len(got[0])
        wanted = np.asarray(wanted, dtype=np.int64)
        order = wanted[np.argsort(ep_round[wanted], kind="stable")]
        bounds = np.searchsorted(ep_round[order], np.arange(len(seq) + 2))
        last = int(ep_round[order[-1]]) if len(order) else -1
        # float32 holds every count exactly below 2**24 voters, and halves the memory traffic.
        H = np.zeros((P, self.n_cls), dtype=np.float32 if self.n < 2**24 else np.float64)
        n0 = sup.cnt0.shape[1]
        H[:, :n0] = sup.cnt0  # initial classes: one per voter weight, in the same order as sup.omegas
        cls = self._cls0.copy()
        # Voters per class (to know which classes somebody is in), and how many classes exist after each round.
        pop = np.zeros(self.n_cls)
        pop[:n0] = np.bincount(cls, weights=sup.count, minlength=n0)
        where = np.zeros(self.n_cls, dtype=np.int64)
        for r in range(last + 1):
            rows = order[bounds[r] : bounds[r + 1]]
            if len(rows):
                made = self.rounds[r - 1][2][-1] + 1 if r else n0
                live = np.flatnonzero(pop[:made])  # the classes somebody is in after r rounds
                sub = H[ep_project[rows]][:, live]
                flat = np.flatnonzero(sub)
                rr, cc = np.divmod(flat, len(live))
                counts = np.bincount(rr, minlength=len(rows))
                starts = np.cumsum(counts) - counts
                self.row_start[rows] = offset + starts
                self.row_len[rows] = counts
                got_c, got_m = live[cc], sub.ravel()[flat].astype(np.float64)
                parts_c.append(got_c)
                parts_m.append(got_m)
                offset += len(cc)
                for row, a, n in zip(rows.tolist(), starts.tolist(), counts.tolist(), strict=True):
                    self._built[(int(ep_project[row]), r)] = (got_c[a : a + n], got_m[a : a + n])
            if r == last:
                break
            w = seq[r]
            u, mults, nw, _n = self._rounds_np[r]
            pop[u] -= mults
            pop[nw] += mults
            ent = sup.entries_of(w)
            eg = sup.entry_group[ent]
            where[u] = np.arange(len(u))
            delta = np.bincount(
                where[cls[eg]] * P + sup.entry_project[ent], weights=sup.count[eg], minlength=len(u) * P
            ).reshape(len(u), P)
            H[:, u] -= delta.T
            H[:, nw] += delta.T
            sw = sup.supporters[w]
            lut = np.arange(self.n_cls, dtype=np.int64)
            lut[u] = nw
            cls[sw] = lut[cls[sw]]
        self.ent_cls = np.concatenate(parts_c)
        self.ent_m = np.concatenate(parts_m)

    # -- amounts at a given k -------------------------------------------------------------------------------

    def at(self, k: int) -> tuple[list[Any], np.ndarray, list[Any]]:
        """(exact money per class, the same as floats, τ per round) with the structure imposed at k."""
        got = self._cache.get(k)
        if got is not None:
            return got
        cost = self.prep.cost
        money: list[Any] = [None] * self.n_cls
        base = self.budget + k * self.n
        for c, s in enumerate(self.share):
            money[c] = base * s
        taus: list[Any] = []
        zero = Q(0)
        for j, (olds, mults, news, n_sup) in enumerate(self.rounds):
            c_w = cost[self.seq[j]]
            vals = sorted(zip([money[o] for o in olds], mults, strict=True), key=lambda e: e[0])
            q = waterfill(vals, c_w, n_sup)
            if q is None:  # pragma: no cover - money only grows with k, and k >= k1 here
                raise AssertionError("structure imposed below its own k")
            taus.append(q / c_w)
            for o, nw in zip(olds, news, strict=True):
                v = money[o]
                money[nw] = v - q if v > q else zero
        money_f = np.fromiter((float(v) for v in money), dtype=np.float64, count=self.n_cls)
        got = (money, money_f, taus)
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[k] = got
        return got

    def at_f(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The same amounts as floats with proven bounds on their errors: (money, its error, τ, its error).

        The structure is replayed in floats; each round's split between those who pay all they have and those
        who pay q is then proven to be the exact one (everyone on the "all" side is below q by more than both
        errors, everyone else above it), so q's error follows from the errors of a sum of non-negative terms.
        Where a split cannot be proven, the exact replay (:meth:`at`) gives the floats (within 2u of the exact
        amounts). Comparisons made on these floats are decided exactly only when they fall inside the errors.
        """
        got = self._fcache.get(k)
        if got is not None:
            return got
        got = self._replay_f(k)
        if got is None:
            money, money_f, taus = self.at(k)
            tau_f = np.fromiter((float(t) for t in taus), dtype=np.float64, count=len(taus))
            got = (money_f, 2 * _U * np.abs(money_f), tau_f, 2 * _U * np.abs(tau_f))
        if len(self._fcache) > 256:
            self._fcache.clear()
        self._fcache[k] = got
        return got

    def _replay_f(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        r = len(self.rounds)
        mf = np.zeros(self.n_cls)
        me = np.zeros(self.n_cls)
        base = self.budget + k * self.n
        for c, sh in enumerate(self.share):
            v = float(base * sh)  # gmpy2 / Fraction -> float: within 1 ulp
            mf[c] = v
            me[c] = 2 * _U * v
        tau_f = np.zeros(r)
        tau_e = np.zeros(r)
        for j, (olds, mults, news, n_sup) in enumerate(self._rounds_np):
            c_f = self.cost_f[self.seq[j]]
            v = mf[olds]
            o = np.argsort(v, kind="stable")
            vs, ms = v[o], mults[o]
            mv = ms * vs
            pre = np.zeros(len(vs) + 1)
            np.cumsum(mv, out=pre[1:])
            npre = np.zeros(len(vs) + 1)
            np.cumsum(ms, out=npre[1:])
            rest = c_f - pre[:-1]
            left = n_sup - npre[:-1]  # exact: counts are integers far below 2**53
            hit = np.flatnonzero(rest <= left * vs)
            if not len(hit):
                return None
            sp = int(hit[0])
            A, D = rest[sp], left[sp]
            q = A / D
            e_sum = float((ms[:sp] * me[olds[o[:sp]]]).sum())
            # |A - exact| <= input errors + roundings of the products, the running sum, and the two subtractions.
            err_a = 1.001 * e_sum + (sp + 8) * _U * (c_f + pre[sp] + abs(A)) * 1.01
            e_q = (err_a / D + 2 * _U * abs(q)) * 1.01
            poor, rich = o[:sp], o[sp:]
            # (Each bound is widened by 4u on both sides: the float additions below round too.)
            if sp and not float((v[poor] + me[olds[poor]]).max()) * (1 + _W) < (q - e_q) * (1 - _W):
                return None
            if not float((v[rich] - me[olds[rich]]).min()) * (1 - _W) > (q + e_q) * (1 + _W):
                return None
            new_poor, new_rich = news[poor], news[rich]
            mf[new_poor] = 0.0
            me[new_poor] = 0.0
            nv = v[rich] - q
            mf[new_rich] = nv
            me[new_rich] = (me[olds[rich]] + e_q + 2 * _U * np.abs(nv)) * 1.01
            tau_f[j] = q / c_f
            tau_e[j] = (e_q / c_f + 4 * _U * abs(tau_f[j])) * 1.01
        return mf, me, tau_f, tau_e

    def _rho_sign(self, p: int, row: int, money: list[Any], x: Any) -> int:
        """Exact sign of ρ − x for project p with the money of epoch row ``row`` (ρ = +inf when unaffordable)."""
        c = self.prep.cost[p]
        cap = x * c
        g = Q(0)
        some_rich = False
        for cl, m in self._agg(row).items():
            v = money[cl]
            if v >= cap:
                some_rich = True
                g += m * cap
            else:
                g += m * v
        if g < c:
            return 1
        if g > c:
            return -1
        return 0 if some_rich else -1

    def _afford(self, p: int, row: int, money: list[Any]) -> bool:
        tot = sum((m * money[cl] for cl, m in self._agg(row).items()), Q(0))
        return tot >= self.prep.cost[p]

    def _agg(self, row: int) -> dict[int, int]:
        """Supporters per class of one epoch row (its entries are ballot groups)."""
        lo = self.row_start[row]
        hi = lo + self.row_len[row]
        agg: dict[int, int] = {}
        for cl, m in zip(self.ent_cls[lo:hi].tolist(), self.ent_m[lo:hi].tolist(), strict=True):
            agg[cl] = agg.get(cl, 0) + int(m)
        return agg

    # -- checks -----------------------------------------------------------------------------------------------

    def _before(self, j1: int, j2: int, a: int, b: int) -> bool:
        """Is the purchase of round j1 surely before that of round j2 on [a, b]? (DAG, or (τ1(a), id) < (τ2(b), id))

        Exact: asked only where the floats cannot tell.
        """
        if self.anc[j2, j1]:
            return True
        t1, t2 = self.at(a)[2][j1], self.at(b)[2][j2]
        return t1 < t2 or (t1 == t2 and self.key[self.seq[j1]] < self.key[self.seq[j2]])

    def _emax(self, conds: np.ndarray, a: int, b: int) -> np.ndarray:
        """For each condition (p, i): the longest prefix J[0..e-1] of p's purchases surely bought before J[i].

        On [a, b], "surely before" is a DAG ancestor, or ``(τ(a), id) < (τ_J[i](b), id)``: τ only decreases with k.
        In MES the purchases come in increasing (τ, id) order, so these are bought when J[i] is, and p's money is
        then at most its money after them (the U condition, i = len(J), takes every purchase of J).
        """
        _m, _e, fa, ea = self.at_f(a)
        _m, _e, fb, eb = self.at_f(b)
        out = self.c_i[conds].copy()
        # All pairs (condition, m < i) at once: is J[m] surely before J[i]? (the same tests as _before, in floats
        # with a margin first; only pairs inside the margin go to exact τ.)
        sel = np.flatnonzero((self.c_j[conds] >= 0) & (self.c_i[conds] > 0))
        if not len(sel):
            return out
        cs = conds[sel]
        lens = self.c_i[cs]
        starts = self.pre_start[cs]
        total = int(lens.sum())
        owner = np.repeat(np.arange(len(sel)), lens)
        mm = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)  # m within its condition
        jj = self.pre_j[np.repeat(starts, lens) + mm]
        jrow = self.c_j[cs][owner]
        hi_a, lo_a = (fa + ea) * (1 + _W), (fa - ea) * (1 - _W)  # proven bounds on τ at a and at b
        hi_b, lo_b = (fb + eb) * (1 + _W), (fb - eb) * (1 - _W)
        ok = self.anc[jrow, jj] | (hi_a[jj] < lo_b[jrow])
        bad = np.flatnonzero(~ok)
        if not len(bad):
            return out
        ob, mb = owner[bad], mm[bad]
        jb, jr = jj[bad], jrow[bad]
        sure_no = lo_a[jb] > hi_b[jr]  # not an ancestor (bad) and surely later
        big = np.iinfo(np.int64).max
        res = np.full(len(sel), big, dtype=np.int64)
        np.minimum.at(res, ob[sure_no], mb[sure_no])
        # Pairs inside the margin, before the first sure "not before" of their condition: exact, in order of m.
        unsure = np.flatnonzero(~sure_no & (mb < res[ob]))
        settled: set[int] = set()
        for t in unsure.tolist():
            o = int(ob[t])
            if o in settled:
                continue
            pos = int(bad[t])
            if not self._before(int(jj[pos]), int(jrow[pos]), a, b):
                res[o] = mb[t]
                settled.add(o)
        hit = res < big
        out[sel[hit]] = res[hit]
        return out

    def _gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The entries of these epoch rows laid end to end: (row lengths, row of each entry, class, count)."""
        key = rows.tobytes()
        got = self._gathered.get(key)
        if got is None:
            starts, lens = self.row_start[rows], self.row_len[rows]
            idx = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
            local = np.repeat(np.arange(len(rows)), lens)
            if len(self._gathered) >= 8:
                self._gathered.clear()
            got = self._gathered[key] = (lens, local, self.ent_cls[idx], self.ent_m[idx])
        return got

    def _check_rows(self, conds: np.ndarray, a: int, b: int) -> np.ndarray:
        """For each condition: does it hold on all of [a, b] by the two-point test (pointwise when a == b)?"""
        ok = np.ones(len(conds), dtype=bool)
        if not len(conds):
            return ok
        money_bf, money_be, _t, _te = self.at_f(b)
        _m, _e, fa, ea = self.at_f(a)
        js = self.c_j[conds]
        ps = self.c_p[conds]
        rows = self.c_ep[conds] + self._emax(conds, a, b)
        if (self.row_len[rows] < 0).any():
            self._epoch_rows(self.row_len < 0)  # every row not built yet, in one more replay
            self._gathered.clear()
        x = np.full(len(conds), np.inf)
        isA = js >= 0
        x[isA] = fa[js[isA]]
        cf = self.cost_f[ps]
        capf = x * cf
        cap_e = np.zeros(len(conds))
        cap_e[isA] = ea[js[isA]] * cf[isA] * (1 + 4 * _U) + 4 * _U * capf[isA]
        lens, local, ec, em = self._gather(rows)
        vals = em * np.minimum(money_bf[ec], capf[local])
        gf = np.bincount(local, weights=vals, minlength=len(conds))
        # Each term min(money, cap) is off by at most the larger of the two errors, and a row counts all of p's
        # supporters; all terms are >= 0, so the float sum adds at most (entries + 16) · 8u (relative): outside
        # that margin the float comparison is the exact one.
        e_money = float(money_be.max()) if len(money_be) else 0.0
        err = self._n_sup[ps] * (e_money + cap_e) * 1.01
        eta = (lens + 16) * 8 * _U
        sure_lose = gf * (1 + eta) + err < cf * (1 - 8 * _U)  # G < cost: p cannot pay at that ρ (or at all)
        sure_win = gf * (1 - eta) - err > cf * (1 + 8 * _U)
        ok[sure_win] = False
        unsure = np.flatnonzero(~sure_lose & ~sure_win).tolist()
        if unsure:
            money_b = self.at(b)[0]
            taus_a = self.at(a)[2]
        for n in unsure:
            p, row, j = int(ps[n]), int(rows[n]), int(js[n])
            if j < 0:
                ok[n] = not self._afford(p, row, money_b)
                continue
            sg = self._rho_sign(p, row, money_b, taus_a[j])
            ok[n] = sg > 0 or (sg == 0 and self.key[p] > self.key[self.seq[j]])
        return ok

    def _first_fail_in(self, conds: np.ndarray, a: int, b: int) -> int | None:
        """First integer in (a, b] where one of ``conds`` cannot be certified (all hold at a); None: all hold on [a, b].

        The conditions failing the two-point test are bisected together, so every row shares the same few points k
        (each point costs one exact replay of the structure, :meth:`at`).
        """
        bad = conds[~self._check_rows(conds, a, b)]
        if not len(bad):
            return None
        if b == a + 1:
            # No integer lies between a and b: the conditions are needed at b itself only, not on the whole segment.
            return None if self._check_rows(bad, b, b).all() else b
        m = (a + b) // 2
        if not self._check_rows(bad, m, m).all():
            return self._first_fail_in(bad, a, m)
        f = self._first_fail_in(bad, a, m)
        return f if f is not None else self._first_fail_in(bad, m, b)

    def first_fail(self, a: int, b: int) -> int | None:
        """First integer in (a, b] where the structure cannot be certified (it holds at a); None: it holds on [a, b]."""
        return self._first_fail_in(self.active, a, b)


def stable_until(
    prep: Prepared, sup: Any, budget: Any, k1: int, seq: list[int], cand: list[int], step: int, limit: int
) -> tuple[int, int]:
    """(R, last block length): the MES outcome at k1 (selection order ``seq``) is certified the same on [k1, R].

    Blocks of ``step`` units, doubling while they hold, up to ``limit`` (then R = limit).
    """
    st = Structure(prep, sup, budget, k1, seq, cand)
    a = k1
    while a < limit:
        b = min(limit, a + step)
        f = st.first_fail(a, b)
        if f is not None:
            return f - 1, step
        a = b
        step *= 2
    return limit, step
