"""The allocation engine: fund the most-wanted activities within budgets and rules, and explain every decision.

Pure Python (+ NumPy), no Django. Typical use::

    from sedp.core.allocation import read_pb, allocate, explain_all
    election = read_pb("Poland_Wroclaw_2015_150_-_500.pb", labels=("sex",))
    outcome = allocate(election, "mes-complete", group_by="sex")
    outcome.selected_natural()          # ['5', '17', ...]
    explain_all(outcome, "en")          # {'5': 'funded in round 1 under MES, paid by ...', ...}

Rules: ``greedy``, ``mes``, ``mes-complete``, ``phragmen`` (all exactly as pabutools 1.2.3 with ``Cost_Sat``) and
``process`` (source 001's commune process). See ``docs/allocation.md``.
"""

from .engine import RULES, allocate
from .explain import amount_words, explain, explain_all, explain_plain
from .funding import Ledger
from .model import (
    BallotGroup,
    Decision,
    Election,
    GroupReport,
    Outcome,
    Profile,
    Project,
    Source,
    SourceReport,
    election_from_approvals,
    natural_key,
)
from .pabulib import pb_string, read_pb, read_pb_string, write_pb
from .rules.process import ProcessOptions

__all__ = [
    "RULES",
    "amount_words",
    "BallotGroup",
    "Decision",
    "Election",
    "GroupReport",
    "Ledger",
    "Outcome",
    "ProcessOptions",
    "Profile",
    "Project",
    "Source",
    "SourceReport",
    "allocate",
    "election_from_approvals",
    "explain",
    "explain_all",
    "explain_plain",
    "natural_key",
    "pb_string",
    "read_pb",
    "read_pb_string",
    "write_pb",
]
