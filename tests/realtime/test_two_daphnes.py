"""Two real daphne processes share Redis: fans split across them each receive every event,
in order, exactly once; and a close reason survives daphne (which drops ASGI's)."""

import json

import pytest
import websockets
from channels.db import database_sync_to_async

from scoring.realtime.transport import text_frame
from tests.factories import MatchFactory
from tests.realtime.conftest import transition

pytestmark = [pytest.mark.django_db(transaction=True)]


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


@pytest.mark.parametrize(
    ("length", "header"),
    [
        (125, b"\x81\x7d"),
        (126, b"\x81\x7e\x00\x7e"),
        (65535, b"\x81\x7e\xff\xff"),
        (65536, b"\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00"),
    ],
)
def test_direct_writes_frame_each_payload_length_as_rfc_6455_says(length, header):
    payload = b"x" * length
    assert text_frame(payload) == header + payload
