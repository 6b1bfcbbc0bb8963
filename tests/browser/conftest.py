"""A real daphne on a spare port against the test database and Redis, and headless Chromium.

The server is a separate process, so it sees only committed data: browser tests use
transactional database tests, and write through scoring.services from this process —
the broadcast travels through Redis to the server's consumers exactly as in production."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.db import connection

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's sync API keeps its event loop registered on the test's thread, which Django's
# async-safety check mistakes for async code (see Playwright's Django notes).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ROOT = Path(__file__).resolve().parents[2]


def _spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """daphne serving livescore.asgi on the test database; stop() and start() cut every
    WebSocket the way a deploy or a crash does."""

    def __init__(self, database_name: str) -> None:
        self.port = _spare_port()
        self.url = f"http://127.0.0.1:{self.port}"
        db = settings.DATABASES["default"]
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "livescore.settings.test",
            "DATABASE_URL": (
                f"postgres://{db.get('USER') or 'postgres'}@{db.get('HOST') or '127.0.0.1'}:"
                f"{db.get('PORT') or 5432}/{database_name}"
            ),
            "REDIS_URL": settings.REDIS_URL,
            "CHANNEL_PREFIX": settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"],
            "LOG_LEVEL": "WARNING",
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                *(sys.executable, "-m", "livescore.serve", "-b", "127.0.0.1", "-p", str(self.port)),
                "livescore.asgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health/", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("daphne did not start within 20 seconds")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


@pytest.fixture(scope="session")
def live_server_process(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
    server = Server(name)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(live_server_process):
    if live_server_process.process is None or live_server_process.process.poll() is not None:
        live_server_process.start()
    return live_server_process


# Module scope: Playwright's loop must be gone before the suite's async tests run.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(5000)
    page = context.new_page()
    errors = watch_for_errors(page)
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def watch_for_errors(page) -> list[str]:
    """Every uncaught exception, console error and CSP violation the page reports. A test
    that cuts the network on purpose lists the messages it expects in
    `page.expected_console_errors` (substrings)."""
    errors: list[str] = []
    page.expected_console_errors = []

    def on_console(message) -> None:
        if message.type != "error":
            return
        if any(expected in message.text for expected in page.expected_console_errors):
            return
        errors.append(f"console: {message.text}")

    page.on("pageerror", lambda error: errors.append(f"exception: {error}"))
    page.on("console", on_console)
    return errors


def axe_violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol, which the pages' strict CSP does not govern;
    # an injected <script> tag would be refused like any inline script.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3], "help": v["help"]}
        for v in result
    ]


def as_scorer(function, *args, **kwargs):
    """Run a write in a thread of its own, as a scorer's request would be: this thread
    hosts Playwright's event loop, where Django's sync-to-async bridges refuse to run."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def call():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result(timeout=60)
