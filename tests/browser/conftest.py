"""A real openSEDP server for browser tests: its own SQLite database under a temporary folder, the demo loaded by
the same commands `make demo` runs, and Debian's chromium driven by Playwright."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory):
    yield from serve_the_demo(tmp_path_factory)


def serve_the_demo(tmp_path_factory, setup: str = ""):
    """A fresh demo server (its own database); a test module whose walk changes the demo a lot starts its own
    with a module-scoped `live_server_url` fixture that yields from this. `setup`, Python code, is run by `sedp
    shell` on that server's database before it starts (never on another server's: each has its own folder)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("SEDP_REQUIRE_BROWSER"):
            pytest.fail(
                "SEDP_REQUIRE_BROWSER is set but /usr/bin/chromium is missing (apt-get install chromium)"
            )
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    var = tmp_path_factory.mktemp("var")
    env = {**os.environ, "SEDP_VAR_DIR": str(var), "SEDP_DEMO": "1", "SEDP_DEBUG": "1"}
    env.pop("DATABASE_URL", None)  # the browser test always runs the zero-set-up SQLite path of `make demo`
    sedp = [sys.executable, "-m", "sedp.cli"]
    subprocess.run([*sedp, "migrate", "--verbosity", "0"], env=env, check=True)
    subprocess.run([*sedp, "load-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    if setup:
        subprocess.run([*sedp, "shell", "-c", setup], env=env, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen(
        [*sedp, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # up to 60 s: a busy 2-core machine starts Django slowly
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the openSEDP server did not answer /healthz")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def new_page(browser, width: int, height: int):
    """A page in a fresh browser context (its own cookies) of that size, in Vietnamese; close its context after."""
    page = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN").new_page()
    page.set_default_timeout(15000)
    return page


@pytest.fixture
def office(browser, live_server_url):
    """A desktop browser in the commune or province office."""
    page = new_page(browser, 1280, 900)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser, live_server_url):
    """A village head's phone."""
    page = new_page(browser, 360, 740)
    yield page
    page.context.close()


def screenshot_folder(tmp_path_factory, walk: str) -> Path:
    """Where a walk's screenshots go: $SEDP_SCREENSHOTS when set, else a temporary folder; printed."""
    folder = Path(os.environ.get("SEDP_SCREENSHOTS") or tmp_path_factory.mktemp(f"{walk}-walk-shots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots of the {walk} walk: {folder}")
    return folder
