"""Real Celery workers and beat in subprocesses, on the test database and real Redis.

Each test session gets its own queue, so workers of other sessions sharing the broker DB
never take its tasks. The worker reaches the database pytest-django created
(test_<name>) and the channel layer under this process's CHANNEL_PREFIX, so a WebSocket
client in the test sees what a worker broadcasts.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

from livescore.celery import app

BROKER_URL = os.environ.get("FEEDS_TEST_BROKER_URL", "redis://127.0.0.1:6379/10")
CELERY = str(Path(sys.executable).with_name("celery"))
PROJECT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def subprocess_env(queue: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "livescore.settings.local",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CHANNEL_PREFIX": settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"],
        "FEEDS_RATE_PER_SECOND": "200",
        "DEBUG": "false",
        "LOG_LEVEL": "INFO",
        **extra,
    }


def wait_for(condition: Callable[[], object], *, timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


class CeleryProcess:
    """A `celery worker` or `celery beat` subprocess with its output in a file."""

    def __init__(self, args: list[str], *, env: dict[str, str], log: Path) -> None:
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [CELERY, "-A", "livescore", *args],
            cwd=PROJECT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_output(self, pattern: str, *, timeout: float = 20.0) -> re.Match:
        def found():
            if self.process.poll() is not None:
                raise AssertionError(f"celery exited early:\n{self.output()[-3000:]}")
            return re.search(pattern, self.output())

        return wait_for(found, timeout=timeout, what=f"{pattern!r} in {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._log_file.close()


class Worker(CeleryProcess):
    def __init__(self, name: str, queue: str, tmp: Path, **env: str) -> None:
        self.hostname = f"{name}-{uuid.uuid4().hex[:8]}@feeds-test"
        super().__init__(
            [
                "worker",
                "-Q",
                queue,
                "-n",
                self.hostname,
                "-c",
                "1",
                "-P",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "INFO",
            ],
            env=subprocess_env(queue, **env),
            log=tmp / f"{name}.log",
        )
        self.wait_for_output(r"ready\.")


def use_real_workers(queue: str) -> dict:
    """Point this process's Celery app at the test broker and queue; returns what to restore."""
    keys = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=BROKER_URL, task_always_eager=False, task_default_queue=queue)
    _forget_connections()
    return saved


def restore(saved: dict) -> None:
    app.conf.update(**saved)
    _forget_connections()


def _forget_connections() -> None:
    # Celery caches the queue routing (app.amqp) and the broker connection pool (app.pool)
    # the first time anything sends; drop both so the new broker and queue take effect.
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.__dict__.pop("amqp", None)
