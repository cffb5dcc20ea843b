"""`sedp serve`, the production server: its settings from the options, the environment and the cores; it refuses
to start before the static files are collected; started for real, it answers /healthz and serves the hashed static
files compressed and cacheable for years."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from sedp.serve import connections_note, default_workers, options

SRC = str(Path(__file__).resolve().parents[2])


def test_workers_follow_the_cores_and_are_capped():
    assert default_workers(1) == 3
    assert default_workers(2) == 5
    assert default_workers(4) == 9
    assert default_workers(64) == 12


def test_options_then_environment_then_defaults():
    o = options([], {})
    assert o["bind"] == ["127.0.0.1:8000"] and o["workers"] == default_workers()
    assert o["threads"] == 1 and o["worker_class"] == "sync" and o["accesslog"] is None
    env = {
        "SEDP_BIND": "0.0.0.0:80,[::]:80",
        "SEDP_WORKERS": "3",
        "SEDP_THREADS": "4",
        "SEDP_ACCESS_LOG": "1",
    }
    o = options([], env)
    assert o["bind"] == ["0.0.0.0:80", "[::]:80"] and o["workers"] == 3 and o["accesslog"] == "-"
    assert o["threads"] == 4 and o["worker_class"] == "gthread"
    assert options(["--workers", "2", "--bind", "127.0.0.1:9"], env)["workers"] == 2


def _env(var: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEDP_")}
    env.update(
        PYTHONPATH=SRC,
        SEDP_VAR_DIR=str(var),
        SEDP_SECRET_KEY="test-only-key",
        DATABASE_URL=f"sqlite:///{var}/db.sqlite3",
        **extra,
    )
    return env


def _sedp(*args, env) -> subprocess.CompletedProcess:
    code = "import sys; from sedp.cli import main; sys.exit(main(['sedp', *sys.argv[1:]]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_it_refuses_to_start_before_collectstatic(tmp_path):
    done = _sedp("serve", "--bind", f"127.0.0.1:{_free_port()}", env=_env(tmp_path))
    assert done.returncode == 2
    assert "sedp collectstatic --noinput" in done.stderr and "staticfiles.json" in done.stderr


def test_it_serves_health_and_long_cached_compressed_static_files(tmp_path):
    env = _env(tmp_path)
    assert _sedp("collectstatic", "--noinput", "--verbosity", "0", env=env).returncode == 0
    port = _free_port()
    code = "import sys; from sedp.cli import main; sys.exit(main(['sedp', *sys.argv[1:]]))"
    server = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                health = urllib.request.urlopen(f"{base}/healthz", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer")
        assert health.status == 200 and b'"ok"' in health.read()
        login = urllib.request.urlopen(f"{base}/accounts/login/", timeout=5).read().decode()
        css = next(part.split('"')[0] for part in login.split('href="')[1:] if part.startswith("/static/"))
        assert (
            css.startswith("/static/sedp/sedp.") and css.endswith(".css") and css != "/static/sedp/sedp.css"
        )
        request = urllib.request.Request(f"{base}{css}", headers={"Accept-Encoding": "gzip"})
        static = urllib.request.urlopen(request, timeout=5)
        assert static.headers["Content-Encoding"] == "gzip"
        assert (
            "immutable" in static.headers["Cache-Control"]
            and "max-age=315360000" in static.headers["Cache-Control"]
        )
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "1 workers × 1 thread(s)" in output and "one per request" in output  # SQLite keeps none


@pytest.mark.django_db
def test_a_pool_larger_than_postgresql_accepts_is_told():
    if connection.vendor == "postgresql":
        assert "max_connections" in connections_note(100_000)
    else:
        assert connections_note(100_000) is None
    assert connections_note(5) is None


def test_the_master_freezes_what_it_loaded_before_forking_the_workers():
    """The workers' garbage collections never scan the app the master loaded (the views' modules included)."""
    import gc

    from sedp.serve import Server

    try:
        app = Server(options(["--workers", "1"])).load()
        assert callable(app)
        assert gc.get_freeze_count() > 100_000  # Django, the app and every view module: ~136,000 objects
        assert "sedp.markets.views" in sys.modules and "sedp.plans.logframe.views" in sys.modules
    finally:
        gc.unfreeze()
