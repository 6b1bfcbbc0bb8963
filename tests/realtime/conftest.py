import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from livescore.asgi import application
from scoring import services
from scoring.models import EventSource

ORIGIN = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]


@pytest.fixture(params=["hub", "groups"])
def fanout(request, settings):
    """Delivery tests run on the hub path and on the plain Channels baseline."""
    settings.REALTIME_FANOUT = request.param
    return request.param


async def connect(path="/ws/", headers=()):
    ws = WebsocketCommunicator(application, path, headers=[*ORIGIN, *headers])
    is_connected, _ = await ws.connect()
    assert is_connected
    return ws


async def subscribe(ws, channels, last_seq=None):
    message = {"action": "subscribe", "channels": channels}
    if last_seq is not None:
        message["last_seq"] = last_seq
    await ws.send_json_to(message)
    assert await ws.receive_json_from(timeout=5) == {"type": "subscribed", "channels": channels}


async def transition(match_id, to_status):
    await database_sync_to_async(services.match_transition)(
        match_id=match_id, to_status=to_status, source=EventSource.SYSTEM
    )


async def frames(ws, count):
    return [await ws.receive_json_from(timeout=5) for _ in range(count)]


APP = "livescore.asgi:application"
ROOT = Path(__file__).resolve().parents[2]


def _spare_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne on {port} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"daphne on {port} did not start")


@pytest.fixture
def daphnes():
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "livescore.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "CHANNEL_PREFIX": settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"],
        "REALTIME_MEMBERSHIP_CHECK_SECONDS": "0.2",
    }
    ports = [_spare_port(), _spare_port()]
    processes = [
        subprocess.Popen(  # noqa: S603 - a fixed command line
            [sys.executable, "-m", "livescore.serve", "-b", "127.0.0.1", "-p", str(port), APP],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            _wait_for(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)
