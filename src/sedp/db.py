"""Database housekeeping the app does itself.

`analyze` after a bulk load (`sedp synth`, `sedp load-places`, `sedp import-villages`): PostgreSQL plans its
queries from table statistics, which autovacuum refreshes only some time after a load — and never where it is off.
Without them a table loaded with 75,000 needs still looks empty to the planner, which then chooses sequential scans
and nested loops over it. SQLite has no such statistics worth the cost here: a no-op there.
"""

from __future__ import annotations

from django.db import connection


def analyze(*models) -> bool:
    """ANALYZE the tables of `models` (every table when none is named) on PostgreSQL; True when it ran."""
    if connection.vendor != "postgresql":
        return False
    tables = [connection.ops.quote_name(m._meta.db_table) for m in models]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(tables) if tables else "ANALYZE")
    return True
