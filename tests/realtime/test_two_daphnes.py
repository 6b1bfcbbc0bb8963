"""Two real daphne processes share Redis: fans split across them each receive every event,
in order, exactly once; and a close reason survives daphne (which drops ASGI's)."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import websockets
from channels.db import database_sync_to_async
from django.conf import settings

from tests.factories import MatchFactory
from tests.realtime.conftest import transition

pytestmark = [pytest.mark.django_db(transaction=True)]

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
    }
    ports = [_spare_port(), _spare_port()]
    processes = [
        subprocess.Popen(  # noqa: S603 - a fixed command line
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), APP],
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


async def _fan(port, channel):
    ws = await websockets.connect(f"ws://127.0.0.1:{port}/ws/", origin="http://127.0.0.1")
    await ws.send(json.dumps({"action": "subscribe", "channels": [channel]}))
    assert json.loads(await ws.recv()) == {"type": "subscribed", "channels": [channel]}
    assert json.loads(await ws.recv())["type"] == "snapshot"
    return ws


async def test_fans_on_two_daphnes_each_receive_every_event_in_order(daphnes):
    match = await database_sync_to_async(MatchFactory)()
    channel = f"match:{match.pk}"
    fans = [await _fan(port, channel) for port in daphnes for _ in range(3)]
    statuses = ["live", "break", "live", "break", "live"]
    for status in statuses:
        await transition(match.pk, status)
    for ws in fans:
        got = [json.loads(await ws.recv()) for _ in statuses]
        assert [(f["channel"], f["seq"]) for f in got] == [
            (channel, seq) for seq in range(1, len(statuses) + 1)
        ]
        assert [f["data"]["payload"]["to"] for f in got] == statuses
    await transition(match.pk, "finished")
    for ws in fans:
        assert json.loads(await ws.recv())["seq"] == len(statuses) + 1
        await ws.close()


async def test_daphne_closes_a_bad_token_with_its_reason(daphnes):
    ws = await websockets.connect(
        f"ws://127.0.0.1:{daphnes[0]}/ws/?token=bad", origin="http://127.0.0.1"
    )
    assert json.loads(await ws.recv())["code"] == "unauthorized"
    with pytest.raises(websockets.ConnectionClosed):
        await ws.recv()
    assert (ws.close_code, ws.close_reason) == (4401, "The token is invalid or has expired.")
