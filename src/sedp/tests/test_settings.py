"""Settings read from the environment as production reads them: each case runs in a fresh process, since Django
reads its settings once."""

import json
import os
import secrets
import subprocess
import sys

PRODUCTION = {
    "SEDP_SECRET_KEY": secrets.token_urlsafe(50),
    "SEDP_ALLOWED_HOSTS": "plan.example.vn",
    "DATABASE_URL": "postgres://sedp@127.0.0.1:5432/sedp",
}


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEDP_") and k != "DATABASE_URL"}
    return {**env, "DJANGO_SETTINGS_MODULE": "sedp.settings", **PRODUCTION, **extra}


def _setting(expression: str, **extra):
    code = f"import json; from django.conf import settings as s; print(json.dumps({expression}))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=_env(**extra), capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_database_connections_are_closed_after_each_request_unless_told_otherwise():
    # Persistent connections with the threaded development server (a thread per request) once held 100 open
    # connections to PostgreSQL and then failed every request.
    assert _setting("s.DATABASES['default']['CONN_MAX_AGE']") == 0
    assert _setting("s.DATABASES['default']['CONN_MAX_AGE']", SEDP_DB_CONN_MAX_AGE="60") == 60
    assert _setting("s.DATABASES['default']['CONN_HEALTH_CHECKS']", SEDP_DB_CONN_MAX_AGE="60") is True


def test_production_settings_pass_djangos_deployment_checks_without_a_warning():
    result = subprocess.run(
        [sys.executable, "-m", "sedp.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(SEDP_HTTPS="1"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_turns_on_hsts_and_the_redirect_but_not_for_the_health_check():
    got = _setting(
        "[s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.SECURE_REDIRECT_EXEMPT]",
        SEDP_HTTPS="1",
    )
    assert got[0] is True and got[1] >= 31536000 and got[2] is True
    assert got[3] == [r"^healthz$"]
    assert _setting("[s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS]") == [False, 0]
