"""`sedp serve`: openSEDP in production, under gunicorn (a WSGI server with a master and worker processes).

    sedp serve [--bind 0.0.0.0:8000] [--workers N] [--threads T] [--timeout S] [--access-log]

Each option has an environment variable, read when the option is not given: SEDP_BIND (default 127.0.0.1:8000;
several addresses separated by commas), SEDP_WORKERS (default 2 × cores + 1, at most 12), SEDP_THREADS (default 1:
one request at a time per worker; more makes gthread workers), SEDP_TIMEOUT (default 60 s: a worker silent that
long is restarted), SEDP_ACCESS_LOG=1 (one line per request on standard output; off by default, the proxy in front
usually logs).

The settings are the app's (environment variables, see settings.py): it refuses to start without SEDP_SECRET_KEY
(unless SEDP_DEBUG or SEDP_DEMO is on) and, in production, before `sedp collectstatic` has made the static files'
manifest (pages would fail on every static link). The application is loaded once in the master and forked
(`preload_app`): workers start in a fraction of a second and share its memory. Each worker process restarts after
about 1,000 requests, so a slow leak never grows without bound.

Database connections: each worker thread holds at most one, kept open between requests for SEDP_DB_CONN_MAX_AGE
seconds — 60 under `sedp serve` unless the environment says otherwise (the settings' default, 0, suits
`runserver`, which starts a thread per request). So the server holds at most workers × threads connections: it
says so at start, and warns when that comes near PostgreSQL's `max_connections` (100 by default). Behind PgBouncer
set SEDP_DB_CONN_MAX_AGE=0.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from gunicorn.app.base import BaseApplication

MAX_WORKERS = 12


def default_workers(cores: int | None = None) -> int:
    """2 × cores + 1 (gunicorn's advice: one busy on the CPU, one waiting on the database, per core), at most 12."""
    cores = cores or os.cpu_count() or 1
    return min(2 * cores + 1, MAX_WORKERS)


def options(argv: list[str], env: dict[str, str] | None = None) -> dict:
    """gunicorn's settings from the command line, then the environment, then the defaults."""
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(prog="sedp serve", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bind", default=env.get("SEDP_BIND", "127.0.0.1:8000"), help="host:port[,host:port]"
    )
    parser.add_argument("--workers", type=int, default=int(env.get("SEDP_WORKERS") or default_workers()))
    parser.add_argument("--threads", type=int, default=int(env.get("SEDP_THREADS") or 1))
    parser.add_argument("--timeout", type=int, default=int(env.get("SEDP_TIMEOUT") or 60))
    parser.add_argument(
        "--access-log",
        action="store_true",
        default=env.get("SEDP_ACCESS_LOG", "").strip().lower() in {"1", "true", "yes", "on"},
    )
    args = parser.parse_args(argv)
    if args.workers < 1 or args.threads < 1 or args.timeout < 1:
        parser.error("--workers, --threads and --timeout must be at least 1")
    return {
        "bind": [b.strip() for b in args.bind.split(",") if b.strip()],
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": "gthread" if args.threads > 1 else "sync",
        "timeout": args.timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        "max_requests": 1000,
        "max_requests_jitter": 100,
        "preload_app": True,
        "accesslog": "-" if args.access_log else None,
        "errorlog": "-",
        "proc_name": "sedp",
        "control_socket_disable": True,  # gunicorn's runtime control socket: one path per user, not wanted here
    }


def check_ready() -> str | None:
    """Why the app cannot serve yet, in words for the person starting it; None when it can."""
    from django.conf import settings
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if isinstance(staticfiles_storage, ManifestFilesMixin):
        manifest = getattr(staticfiles_storage, "manifest_name", "staticfiles.json")
        if not staticfiles_storage.exists(manifest):
            return (
                f"The static files are not collected ({settings.STATIC_ROOT}/{manifest} is missing): "
                "run `sedp collectstatic --noinput` first (after each upgrade)."
            )
    return None


class Server(BaseApplication):
    def __init__(self, settings: dict):
        self.settings = settings
        super().__init__()

    def load_config(self):
        for key, value in self.settings.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self):
        from django.urls import get_resolver

        from sedp.wsgi import application

        get_resolver().check()  # every view module imported in the master, before the fork
        freeze()
        return application


def freeze() -> int:
    """Move what the master has loaded (Django, the app, its modules: some 136,000 objects) out of the garbage
    collector's reach before the workers are forked (Python's advice for a pre-forking server, `gc.freeze`): the
    workers' full collections then scan only what requests made — a full pass took ~100 ms at times while a
    100-village commune's workbook was made — and do not touch, hence copy, the memory pages they share with the
    master. Returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


# Under gunicorn the worker threads are a fixed pool: each keeps its database connection between requests for
# this long, unless SEDP_DB_CONN_MAX_AGE says otherwise (opening a PostgreSQL connection per request costs more
# than a small page: /healthz serves 2–3 times fewer requests).
CONN_MAX_AGE = "60"


def connections_note(connections: int) -> str | None:
    """A warning when the server may hold more database connections than PostgreSQL accepts (less 10 for the
    others: migrations, a shell, monitoring)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        limit = int(cursor.fetchone()[0])
    if not connection.in_atomic_block:
        connection.close()  # not carried into the forked workers
    if connections > limit - 10:
        return (
            f"Warning: {connections} connections (workers × threads) against PostgreSQL's max_connections = "
            f"{limit}: lower --workers/--threads, raise max_connections, or put PgBouncer in front."
        )
    return None


def main(argv: list[str] | None = None) -> int:
    settings = options(list(sys.argv[1:] if argv is None else argv))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sedp.settings")
    os.environ.setdefault("SEDP_DB_CONN_MAX_AGE", CONN_MAX_AGE)
    import django

    django.setup()  # a missing secret key or a bad DATABASE_URL stops here, before any worker starts
    problem = check_ready()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from django.conf import settings as django_settings

    workers, threads = settings["workers"], settings["threads"]
    keep = django_settings.DATABASES["default"].get("CONN_MAX_AGE") or 0
    print(
        f"openSEDP on {', '.join(settings['bind'])}: {workers} workers × {threads} thread(s), "
        f"at most {workers * threads} database connections"
        + (f", each kept {keep} s" if keep else ", one per request"),
        file=sys.stderr,
        flush=True,
    )
    note = connections_note(workers * threads)
    if note:
        print(note, file=sys.stderr, flush=True)
    Server(settings).run()
    return 0
