"""Read and write the Pabulib ``.pb`` format (pabulib.org/format): sections META, PROJECTS, VOTES, ';'-separated.

Reading follows the reference parser (pabutools 1.2.3) where it matters for the outcome:

* numbers are exact, and "," is read as a decimal point in costs, budget and points;
* a field whose value is "none" (any case) counts as absent;
* every line of VOTES is a voter, empty ballots included (they matter for MES: the per-voter budget is the budget
  divided by the number of ballots);
* approval and choose-1 ballots are sets (a repeated id counts once); for cumulative / scoring ballots a project
  listed (even with 0 points) counts as supported.

Identical ballots are grouped while reading (only the label columns asked for are kept), which is what makes the
engine fast: Wrocław 2015 has 131,778 voters but 197 distinct choose-1 ballots.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import IO

from ._num import parse_number
from .model import BallotGroup, Election, Profile, Project, natural_key

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")


def _absent(value: str) -> bool:
    return value.strip().lower() == "none"


def read_pb(
    source: str | os.PathLike[str] | IO[str], *, labels: Iterable[str] = (), unit: str | None = None
) -> Election:
    """Read a ``.pb`` file (path, or an open text stream) into an :class:`Election`.

    ``labels`` names the voter columns to keep (e.g. ``("sex",)``) for group-fair rules and group reports.
    """
    if hasattr(source, "read"):
        text = source.read()  # type: ignore[union-attr]
    else:
        with open(source, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    return read_pb_string(text, labels=labels, unit=unit)


def read_pb_string(text: str, *, labels: Iterable[str] = (), unit: str | None = None) -> Election:
    label_keys = tuple(labels)
    if text.startswith("\ufeff"):
        text = text[1:]
    meta: dict[str, str] = {}
    projects: list[Project] = []
    vote_rows: list[list[str]] = []
    vote_header: list[str] = []
    section = ""
    header: list[str] = []
    reader = csv.reader(text.splitlines(), delimiter=";")
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        head = row[0].strip().lower()
        if head in ("meta", "projects", "votes"):
            section = head
            header = [h.strip() for h in next(reader)]
            if section == "votes":
                vote_header = header
                # The bulk of the file: keep the raw rows, grouped below without building a dict per voter.
                vote_rows = list(reader)
                break
            continue
        if section == "meta":
            meta[row[0].strip()] = row[1].strip() if len(row) > 1 else ""
        elif section == "projects":
            projects.append(_project(header, row))
    vote_type = meta.get("vote_type", "approval").strip()
    if vote_type not in VOTE_TYPES:
        raise ValueError(f"unsupported vote_type {vote_type!r}")
    index = {p.id: i for i, p in enumerate(projects)}
    col = {h: i for i, h in enumerate(vote_header)}
    vote_col = col.get("vote")
    points_col = col.get("points")
    label_cols = [col.get(k) for k in label_keys]
    scored = vote_type in ("cumulative", "scoring")

    # 1) count identical raw rows (cheap: tuples of strings); 2) parse each distinct one once; 3) merge equal ones.
    raw: dict[tuple[str, str, tuple[str | None, ...]], int] = {}
    for row in vote_rows:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        v = row[vote_col] if vote_col is not None and vote_col < len(row) else ""
        pts = row[points_col] if scored and points_col is not None and points_col < len(row) else ""
        lab = tuple(
            (row[c].strip() if c is not None and c < len(row) and not _absent(row[c]) else None)
            for c in label_cols
        )
        key = (v, pts, lab)
        raw[key] = raw.get(key, 0) + 1

    merged: dict[tuple[tuple[int, ...], tuple[Fraction, ...] | None, tuple[str | None, ...]], int] = {}
    for (v, pts, lab), count in raw.items():
        items, scores = _ballot(vote_type, v, pts, index)
        k = (items, scores, lab)
        merged[k] = merged.get(k, 0) + count
    groups = tuple(BallotGroup(items=i, count=c, scores=s, labels=lab) for (i, s, lab), c in merged.items())
    budget = parse_number(meta.get("budget", "0"))
    return Election(
        projects=tuple(projects),
        budget=budget,
        profile=Profile(vote_type, groups, label_keys),
        unit=unit
        if unit is not None
        else meta.get("currency", "đ" if meta.get("country") == "Vietnam" else ""),
        meta=meta,
    )


def _project(header: list[str], row: list[str]) -> Project:
    data: dict[str, str] = {}
    for key, value in zip(header, row, strict=False):
        if not _absent(value):
            data[key] = value.strip()
    flags = frozenset(f.strip() for f in data.get("flags", "").split(",") if f.strip())
    rank = data.get("village_rank")
    return Project(
        id=row[0].strip(),
        cost=parse_number(data["cost"]),
        name=data.get("name", ""),
        unit=data.get("unit", ""),
        sector=data.get("sector", data.get("category", "")),
        kind=data.get("kind", data.get("type", "")),
        village=data.get("village"),
        village_rank=int(rank) if rank else None,
        flags=flags,
        contribution=parse_number(data["contribution"]) if data.get("contribution") else Fraction(0),
        meta=data,
    )


def _ballot(
    vote_type: str, vote: str, points: str, index: Mapping[str, int]
) -> tuple[tuple[int, ...], tuple[Fraction, ...] | None]:
    vote = "" if _absent(vote) else vote.strip()
    names = [n.strip() for n in vote.split(",") if n.strip()] if vote else []
    if vote_type in ("approval", "choose-1"):
        return tuple(sorted({index[n] for n in names})), None
    if vote_type == "ordinal":
        seen: dict[int, None] = {}
        for n in names:
            seen.setdefault(index[n], None)
        return tuple(seen), None
    # cumulative / scoring: project -> points (a repeated project keeps its last points, like a dict)
    if not points.strip() or _absent(points):
        return (), ()
    pts = [parse_number(p) for p in points.split(",")]
    scores: dict[int, Fraction] = {}
    for n, p in zip(names, pts, strict=False):
        scores[index[n]] = p
    order = sorted(scores)
    return tuple(order), tuple(scores[i] for i in order)


def _fmt(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    # Exact decimal when it has one (Pabulib numbers are decimals); otherwise a fraction.
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return f"{value.numerator}/{value.denominator}"
    digits = 0
    while (value * 10**digits).denominator != 1:
        digits += 1
    scaled = value * 10**digits
    sign = "-" if scaled < 0 else ""
    s = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{s[:-digits]}.{s[-digits:]}"


def write_pb(election: Election, target: str | os.PathLike[str] | IO[str]) -> None:
    """Write an election as a ``.pb`` file (one VOTES line per voter, voter ids 1..n)."""
    text = pb_string(election)
    if hasattr(target, "write"):
        target.write(text)  # type: ignore[union-attr]
    else:
        with open(target, "w", encoding="utf-8", newline="") as f:
            f.write(text)


def pb_string(election: Election) -> str:
    prof = election.profile
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(prof.n_voters)
    meta["budget"] = _fmt(election.budget)
    meta["vote_type"] = prof.vote_type
    out.write("META\n")
    w.writerow(["key", "value"])
    for k, v in meta.items():
        w.writerow([k, v])
    out.write("PROJECTS\n")
    extra: list[str] = []
    for p in election.projects:
        for k in p.meta:
            if k not in ("project_id", "cost", "name") and k not in extra:
                extra.append(k)
    w.writerow(["project_id", "cost", "name", *extra])
    for p in sorted(election.projects, key=lambda p: natural_key(p.id)):
        w.writerow([p.id, _fmt(p.cost), p.name or "None", *(p.meta.get(k, "None") for k in extra)])
    out.write("VOTES\n")
    scored = prof.vote_type in ("cumulative", "scoring")
    w.writerow(["voter_id", "vote", *(["points"] if scored else []), *prof.label_keys])
    ids = [p.id for p in election.projects]
    voter = 0
    for g in prof.groups:
        vote = ",".join(ids[i] for i in g.items)
        cols = [vote]
        if scored:
            cols.append(",".join(_fmt(s) for s in (g.scores or ())))
        labs = [lab if lab is not None else "None" for lab in g.labels]
        for _ in range(g.count):
            voter += 1
            w.writerow([str(voter), *cols, *labs])
    return out.getvalue()
