"""Load on the production server: `sedp serve` (gunicorn) on 127.0.0.1, driven by 10, 25 and 50 concurrent users
over a read mix, beside /healthz on the same server.

    DATABASE_URL=postgres://… .venv/bin/python bench/load.py [--users 10,25,50] [--seconds 15] [--workers N]
                                                           [--threads T] [--code SYN] [--url http://127.0.0.1:PORT]

The database holds a province built by `sedp synth` (code SYN, or --code). The bench starts the server itself
(static files collected into a temporary directory, the same settings as production: no debug, the secret key
below), unless --url names one already running on this machine with the same database and SEDP_SECRET_KEY.

Each user is a thread that sends one request after another (urllib, a 10 s limit each) for `--seconds`, without
pause (`--think S`: S seconds between two requests on average, as people reading pages, each user arriving at a
random moment of the first S seconds), and every user level runs
twice: the read mix, then /healthz alone (without pause). Without pause the users keep every worker busy, and the
latency is about users ÷ throughput (Little's law): what the server holds is its throughput. The mix, in turn per
user:

- home: the dashboard of a commune leader, signed in;
- commune overview: a commune plan's overview (`/plans/<pk>/rollup/`), signed in;
- village plans: a village's plans page (`/plans/unit/<pk>/`), signed in as its commune's leader;
- public plan: a submitted commune plan's logframe, read without signing in;
- API plan list: `/api/v1/plans/?under=<province>`, first page, signed in as the province officer.

The workers are warmed up first (3 s of the mix, not counted). Sign-ins are sessions written to the database (no password hashing in the measure). Printed: requests, errors,
throughput (req/s) and p50/p95/p99 latency (ms) per level, then each kind's p50/p95 at the highest level.
The loop only targets 127.0.0.1, stops by itself, and is bounded in time.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SECRET = os.environ.get("SEDP_SECRET_KEY") or "bench-load-only-not-a-secret"


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session(user) -> str:
    """A signed-in session for `user`, as the login view leaves it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "sedp.accounts.backends.DemoAwareBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key


def mix(code: str) -> list[tuple[str, str, str | None]]:
    """(kind, path, session key or None) of the read mix, on the synthetic province `code`."""
    from django.contrib.auth import get_user_model

    from sedp.places.choices import Level
    from sedp.places.models import Unit
    from sedp.plans.models import Kind, Plan, State

    province = Unit.objects.filter(level=Level.PROVINCE, code=code).first()
    if province is None:
        sys.exit(f"No province {code} in this database: build one with `sedp synth` (docs/scale.md).")
    User = get_user_model()
    plans = Plan.objects.filter(
        unit__path__startswith=province.path, kind=Kind.COMMUNE_ANNUAL, state=State.SUBMITTED
    ).select_related("unit")
    plan = plans.order_by("unit__code").first()
    if plan is None:
        sys.exit(f"{province.name} has no submitted commune plan.")
    leader = User.objects.get(username=f"{code.lower()}-{plan.unit.code.lower()}")
    officer = User.objects.get(username=f"{code.lower()}-tinh")
    village = Unit.objects.filter(parent=plan.unit).order_by("pk").first()
    commune_session, officer_session = _session(leader), _session(officer)
    return [
        ("home", "/home/", commune_session),
        ("commune overview", f"/plans/{plan.pk}/rollup/", commune_session),
        ("village plans", f"/plans/unit/{village.pk}/", commune_session),
        ("public plan", f"/plans/{plan.pk}/logframe/", None),
        ("API plan list", f"/api/v1/plans/?under={province.pk}", officer_session),
    ]


def fetch(base: str, path: str, session: str | None) -> tuple[int, float]:
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0  # refused, reset or timed out
    return status, (time.perf_counter() - start) * 1000


def run(
    base: str, requests: list[tuple[str, str, str | None]], users: int, seconds: float, think: float = 0
) -> dict:
    """`users` threads, each sending the requests in turn (starting at its own place) until the time is up, with
    `think` seconds on average between two of a user's requests (exponential, the same for a seed)."""
    deadline = time.perf_counter() + seconds
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()

    def user(n: int):
        mine = []
        i = n
        rng = random.Random(n)
        if think:  # people arrive one by one, not all at the same instant: a burst of `users` requests at the
            # start would be queued behind one another and make the level's tail
            time.sleep(rng.uniform(0, think))
        while time.perf_counter() < deadline:
            kind, path, session = requests[i % len(requests)]
            status, ms = fetch(base, path, session)
            mine.append((kind, status, ms))
            i += 1
            if think:
                time.sleep(min(rng.expovariate(1 / think), max(0.0, deadline - time.perf_counter())))
        with lock:
            results.extend(mine)

    start = time.perf_counter()
    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    ok = [ms for _k, status, ms in results if status == 200]
    by_kind: dict[str, list[float]] = {}
    for kind, status, ms in results:
        if status == 200:
            by_kind.setdefault(kind, []).append(ms)
    return {
        "requests": len(results),
        "errors": sum(1 for _k, status, _ms in results if status != 200),
        "rate": len(ok) / elapsed,
        "p50": percentile(ok, 50),
        "p95": percentile(ok, 95),
        "p99": percentile(ok, 99),
        "by_kind": by_kind,
    }


def start_server(workers: int | None, threads: int | None) -> tuple[subprocess.Popen, str, str]:
    var = tempfile.mkdtemp(prefix="sedp-load-")
    env = {k: v for k, v in os.environ.items() if k not in ("SEDP_DEBUG", "SEDP_TESTING")}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        SEDP_VAR_DIR=var,
        SEDP_SECRET_KEY=SECRET,
        SEDP_DEMO="1",  # the synthetic accounts are demo accounts
        SEDP_STATIC_MANIFEST="1",  # static files as in production, though the demo setting is on
        SEDP_LOG_LEVEL="ERROR",
    )
    sedp = [
        sys.executable,
        "-c",
        "import sys; from sedp.cli import main; sys.exit(main(['sedp', *sys.argv[1:]]))",
    ]
    subprocess.run([*sedp, "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True)
    port = _free_port()
    args = ["serve", "--bind", f"127.0.0.1:{port}"]
    if workers:
        args += ["--workers", str(workers)]
    if threads:
        args += ["--threads", str(threads)]
    log = open(Path(var) / "serve.log", "w")  # noqa: SIM115 — kept open for the server's life
    server = subprocess.Popen([*sedp, *args], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if fetch(base, "/healthz", None)[0] == 200:
            return server, base, var
        if server.poll() is not None:
            sys.exit(f"sedp serve stopped: see {var}/serve.log")
        time.sleep(0.1)
    server.terminate()
    sys.exit(f"sedp serve did not answer in 30 s: see {var}/serve.log")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="10,25,50", help="concurrent users, comma-separated")
    parser.add_argument("--seconds", type=float, default=15, help="how long each level runs (at most 120)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: sedp serve's)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default 1)")
    parser.add_argument(
        "--think", type=float, default=0, help="seconds between a user's requests, on average"
    )
    parser.add_argument("--code", default="SYN", help="the synthetic province's code")
    parser.add_argument(
        "--url", default="", help="a server already running on 127.0.0.1 (else one is started)"
    )
    args = parser.parse_args()
    levels = [int(u) for u in args.users.split(",")]
    if not 0 < args.seconds <= 120 or not all(0 < u <= 200 for u in levels):
        sys.exit("--seconds: 1 to 120; --users: 1 to 200 each")
    if args.url and not args.url.startswith(("http://127.", "http://localhost")):
        sys.exit("--url: only a server on this machine (127.0.0.1 or localhost)")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sedp.settings")
    os.environ.setdefault("SEDP_SECRET_KEY", SECRET)
    os.environ.setdefault("SEDP_TESTING", "1")  # the bench process itself: no static manifest needed
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # a province built by older code is carried forward
    requests = mix(args.code)
    connection.close()
    server = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        server, base, _var = start_server(args.workers, args.threads)
    try:
        for kind, path, session in requests:  # each works before anything is measured
            status, ms = fetch(base, path, session)
            if status != 200:
                sys.exit(f"{kind}: {path} answered {status}")
        run(base, requests, 10, 3)  # every worker warmed up (templates compiled, first queries), not counted
        print(f"server {base}; the mix: " + ", ".join(f"{k} {p}" for k, p, _s in requests))
        if args.think:
            print(f"each user waits {args.think:g} s on average between two requests of the mix")
        print("\n| users | what | requests | errors | req/s | p50 ms | p95 ms | p99 ms |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|")
        last = None
        for users in levels:
            for name, reqs in (("read mix", requests), ("/healthz", [("healthz", "/healthz", None)])):
                r = run(base, reqs, users, args.seconds, args.think if name == "read mix" else 0)
                print(
                    f"| {users} | {name} | {r['requests']} | {r['errors']} | {r['rate']:.1f} | "
                    f"{r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} |",
                    flush=True,
                )
                if name == "read mix":
                    last = (users, r)
        if last:
            users, r = last
            print(
                f"\nthe mix at {users} users, by kind:\n\n| kind | requests | p50 ms | p95 ms |\n|---|---:|---:|---:|"
            )
            for kind, times in r["by_kind"].items():
                print(
                    f"| {kind} | {len(times)} | {percentile(times, 50):.0f} | {percentile(times, 95):.0f} |"
                )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
