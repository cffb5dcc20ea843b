"""Running requests at the same moment from many threads, against a database they really share.

A test in a transaction (pytest's `django_db`) cannot do this alone: its rows are uncommitted, so no other
connection sees them. A `django_db(transaction=True)` test could, but it empties every table when it ends, taking
with it the demo and the rows the migrations wrote (default sectors, criteria, measures) that later tests rely on.
So a race test works on a throwaway copy of the test database, made when it starts and dropped when it ends, from
a template taken once per session: on SQLite a file (an in-memory database cannot be shared by threads: its
shared-cache locks fail at once instead of waiting), on PostgreSQL a database created with the template. The main
thread and every worker thread open their own connections to the copy, as the server's threads would; the test's
own transaction on the test database stays empty and is rolled back as usual.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection, connections
from django.test import Client

ALIAS = "default"


def _temp_path(prefix: str) -> str:
    handle, path = tempfile.mkstemp(prefix=prefix, suffix=".sqlite3")
    os.close(handle)
    return path


def _remove(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def _pg(sql: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(sql)


@contextmanager
def template():
    """The test database as loaded (demo included), copied once: a file on SQLite, a database on PostgreSQL.
    Call it before any test opens a transaction (a session fixture), since PostgreSQL copies only a database
    nobody is connected to."""
    if connection.vendor == "sqlite":
        path = _temp_path("sedp-race-template-")
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        try:
            yield path
        finally:
            _remove(path)
    elif connection.vendor == "postgresql":
        source = connection.settings_dict["NAME"]
        name = f"{source}_race"[:63]
        connection.close()
        _pg(f'DROP DATABASE IF EXISTS "{name}"')
        _pg(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY')
        try:
            yield name
        finally:
            _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
        raise NotImplementedError(connection.vendor)


def _swap(name: str):
    """Point new connections, and the calling thread's, at the database `name`; returns the undo."""
    old_settings = connections.settings[ALIAS]
    old_connection = connections[ALIAS]
    connections.settings[ALIAS] = {**old_settings, "NAME": name}
    connections[ALIAS] = connections.create_connection(ALIAS)

    def undo():
        connections[ALIAS].close()
        connections.settings[ALIAS] = old_settings
        connections[ALIAS] = old_connection

    return undo


@contextmanager
def shared_copy(source: str):
    """A fresh copy of the `template()` database that every thread uses for the duration of the block."""
    if connection.vendor == "sqlite":
        path = _temp_path("sedp-race-")
        shutil.copyfile(source, path)
        undo = _swap(path)
        try:
            yield path
        finally:
            undo()
            _remove(path)
    else:
        name = f"{source}_{os.getpid()}"[:63]
        _pg(f'DROP DATABASE IF EXISTS "{name}"')
        _pg(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY')
        undo = _swap(name)
        try:
            yield name
        finally:
            undo()
            _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def race(n: int, act: Callable[[int], object], prepare: Callable[[int], object] | None = None) -> list:
    """Run `act(i)` in `n` threads released together by a barrier; returns what each returned (or the exception
    it raised), in thread order. `prepare(i)`, if given, runs in each thread before the barrier and its result is
    passed to `act` instead of `i`. Each thread closes its database connections when done."""
    barrier = threading.Barrier(n)
    out: list = [None] * n

    def run(i: int) -> None:
        try:
            arg = prepare(i) if prepare else i
            barrier.wait()
            out[i] = act(arg)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test counts
            out[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def clients(users: list) -> list[Client]:
    """One signed-in browser per user, answering 500 instead of raising (as a server would)."""
    out = []
    for user in users:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        out.append(client)
    return out


def outcomes(responses: list) -> Counter:
    """Status codes (or exception names) counted: Counter({302: 19, 409: 1})."""
    return Counter(r.status_code if hasattr(r, "status_code") else type(r).__name__ for r in responses)


def form_version(response, form_id: str = "") -> str:
    """The version a page's edit form carries (its hidden `version` field), as a browser would send it back:
    the form with that id, or the page's only one; "" if it carries none."""
    html = response.content.decode()
    if form_id:
        start = html.find(f'id="{form_id}"')
        html = html[start : html.find("</form>", start)] if start >= 0 else ""
    found = re.search(r'<input type="hidden" name="version" value="([^"]*)"', html)
    return found.group(1) if found else ""
