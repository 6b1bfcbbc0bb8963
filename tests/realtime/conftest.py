import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

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
