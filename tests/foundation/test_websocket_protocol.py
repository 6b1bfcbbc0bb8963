"""The /ws/ protocol's control messages, through the real ASGI app and Redis channel layer."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from livescore.asgi import application
from tests.factories import MatchFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


async def connected() -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        application, "/ws/", headers=[(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
    )
    is_connected, _ = await communicator.connect()
    assert is_connected
    return communicator


async def test_ping_pong():
    ws = await connected()
    await ws.send_json_to({"action": "ping", "id": 7})
    assert await ws.receive_json_from() == {"type": "pong", "id": 7}
    await ws.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_json"),
        ("[1, 2]", "bad_request"),
        ('{"action": "dance"}', "unknown_action"),
        ('{"action": "subscribe"}', "bad_request"),
        ('{"action": "subscribe", "channels": ["match:abc"]}', "bad_channel"),
        ('{"action": "subscribe", "channels": ["match:999999"]}', "not_found"),
        ('{"action": "subscribe", "channels": ["live:all"], "last_seq": [1]}', "bad_request"),
        ('{"action": "ping", "pad": "' + "x" * 5000 + '"}', "frame_too_large"),
    ],
)
async def test_bad_input_gets_an_error_frame_and_the_socket_stays_open(frame, code):
    ws = await connected()
    await ws.send_to(text_data=frame)
    reply = await ws.receive_json_from()
    if reply["type"] == "subscribed":  # a valid channel list is acknowledged first
        reply = await ws.receive_json_from()
    assert reply["type"] == "error"
    assert reply["code"] == code
    await ws.send_json_to({"action": "ping"})
    assert (await ws.receive_json_from())["type"] == "pong"
    await ws.disconnect()


async def test_too_many_channels_is_refused():
    ws = await connected()
    await ws.send_json_to({"action": "subscribe", "channels": [f"match:{n}" for n in range(1, 60)]})
    reply = await ws.receive_json_from()
    assert reply == {
        "type": "error",
        "code": "too_many_channels",
        "message": "At most 50 channels.",
    }
    await ws.disconnect()


async def test_subscribe_to_a_match_sends_a_snapshot_then_unsubscribe():
    match = await database_sync_to_async(MatchFactory)()
    ws = await connected()
    await ws.send_json_to({"action": "subscribe", "channels": [f"match:{match.pk}"]})
    assert await ws.receive_json_from() == {"type": "subscribed", "channels": [f"match:{match.pk}"]}
    snapshot = await ws.receive_json_from()
    assert snapshot["type"] == "snapshot"
    assert snapshot["seq"] == 0
    assert snapshot["data"]["status"] == "scheduled"
    await ws.send_json_to({"action": "unsubscribe", "channels": [f"match:{match.pk}"]})
    assert await ws.receive_json_from() == {
        "type": "unsubscribed",
        "channels": [f"match:{match.pk}"],
    }
    await ws.disconnect()


async def test_foreign_origin_is_rejected():
    communicator = WebsocketCommunicator(
        application, "/ws/", headers=[(b"origin", b"http://evil.example"), (b"host", b"127.0.0.1")]
    )
    is_connected, _ = await communicator.connect()
    assert not is_connected
