"""The /ws/ client actions, every error code, the limits and authentication."""

import json

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from scoring.realtime.consumers import MAX_CHANNELS, RATE_BURST
from tests.factories import CompetitionFactory, MatchFactory, TeamFactory, UserFactory
from tests.realtime.conftest import connect, frames, subscribe

pytestmark = [pytest.mark.django_db(transaction=True)]


async def error_for(ws, text):
    await ws.send_to(text_data=text)
    reply = await ws.receive_json_from(timeout=5)
    assert reply["type"] == "error"
    assert set(reply) == {"type", "code", "message"}
    return reply["code"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json", "bad_json"),
        ("[1]", "bad_request"),
        ('{"action": "dance"}', "unknown_action"),
        ('{"action": "subscribe"}', "bad_request"),
        ('{"action": "subscribe", "channels": []}', "bad_request"),
        ('{"action": "subscribe", "channels": ["match:0"]}', "bad_channel"),
        ('{"action": "subscribe", "channels": ["user:42"]}', "bad_channel"),
        ('{"action": "subscribe", "channels": ["match:999999"]}', "not_found"),
        ('{"action": "subscribe", "channels": ["competition:999999"]}', "not_found"),
        ('{"action": "subscribe", "channels": ["team:999999"]}', "not_found"),
        ('{"action": "subscribe", "channels": ["user:me"]}', "unauthorized"),
        ('{"action": "subscribe", "channels": ["live:all"], "last_seq": [1]}', "bad_request"),
        ('{"action": "subscribe", "channels": ["live:all"], "last_seq": {"x": 1}}', "bad_request"),
        (
            '{"action": "subscribe", "channels": ["live:all"], "last_seq": {"match:1": -1}}',
            "bad_request",
        ),
        ('{"action": "unsubscribe", "channels": "live:all"}', "bad_request"),
        ('{"action": "auth"}', "bad_request"),
        ('{"action": "ping", "pad": "' + "x" * 5000 + '"}', "frame_too_large"),
    ],
)
async def test_each_bad_request_gets_its_error_code_and_the_socket_stays_open(text, code):
    ws = await connect()
    assert await error_for(ws, text) == code
    await ws.send_json_to({"action": "ping", "id": 1})
    assert await ws.receive_json_from() == {"type": "pong", "id": 1}
    await ws.disconnect()


async def test_a_refused_subscription_subscribes_to_nothing():
    match = await database_sync_to_async(MatchFactory)()
    ws = await connect()
    text = json.dumps({"action": "subscribe", "channels": [f"match:{match.pk}", "team:999999"]})
    assert await error_for(ws, text) == "not_found"
    await ws.send_json_to({"action": "unsubscribe", "channels": [f"match:{match.pk}"]})
    assert await ws.receive_json_from() == {
        "type": "unsubscribed",
        "channels": [f"match:{match.pk}"],
    }
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_channels_per_connection_are_limited_across_subscribes():
    competitions = await database_sync_to_async(
        lambda: [CompetitionFactory() for _ in range(MAX_CHANNELS)]
    )()
    ws = await connect()
    await subscribe(ws, [f"competition:{c.pk}" for c in competitions])
    text = json.dumps({"action": "subscribe", "channels": ["live:all"]})
    assert await error_for(ws, text) == "too_many_channels"
    await ws.disconnect()


async def test_subscribe_unsubscribe_and_snapshot_of_each_channel_kind():
    match = await database_sync_to_async(MatchFactory)()
    channels = [
        f"match:{match.pk}",
        f"competition:{match.competition_id}",
        f"team:{match.home_team_id}",
        "live:all",
    ]
    ws = await connect()
    await subscribe(ws, channels)
    snapshot = await ws.receive_json_from()
    assert snapshot == {
        "type": "snapshot",
        "channel": f"match:{match.pk}",
        "match": match.pk,
        "seq": 0,
        "data": {"summary": {}, "status": "scheduled"},
    }
    assert await ws.receive_nothing(timeout=0.2)
    await ws.send_json_to({"action": "unsubscribe", "channels": channels})
    assert await ws.receive_json_from() == {"type": "unsubscribed", "channels": channels}
    await ws.disconnect()


async def test_too_many_bad_requests_get_error_frames_then_a_close_with_a_reason():
    ws = await connect()
    codes = [await error_for(ws, "nonsense") for _ in range(11)]
    assert codes == ["bad_json"] * 11
    closing = await ws.receive_output(timeout=5)
    assert closing == {"type": "websocket.close", "code": 4400, "reason": "Too many bad requests."}
    await ws.disconnect()


async def test_flooding_gets_rate_limited_then_closed():
    ws = await connect()
    for n in range(40):
        await ws.send_json_to({"action": "ping", "id": n})
    replies = await frames(ws, int(RATE_BURST) + 11)
    assert [r["type"] for r in replies[: int(RATE_BURST)]] == ["pong"] * int(RATE_BURST)
    assert {r.get("code") for r in replies[int(RATE_BURST) :]} == {"rate_limited"}
    closing = await ws.receive_output(timeout=5)
    assert closing == {"type": "websocket.close", "code": 4429, "reason": "Too many messages."}
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_a_bad_token_in_the_query_gets_an_error_then_a_close_with_a_reason():
    ws = await connect("/ws/?token=not.a.jwt")
    assert await ws.receive_json_from() == {
        "type": "error",
        "code": "unauthorized",
        "message": "The token is invalid or has expired.",
    }
    closing = await ws.receive_output(timeout=5)
    assert closing == {
        "type": "websocket.close",
        "code": 4401,
        "reason": "The token is invalid or has expired.",
    }
    await ws.disconnect()


async def test_user_me_with_a_jwt_in_the_query():
    user = await database_sync_to_async(UserFactory)()
    token = str(AccessToken.for_user(user))
    ws = await connect(f"/ws/?token={token}")
    await subscribe(ws, ["user:me"])
    await ws.disconnect()


async def test_user_me_after_a_first_message_auth():
    user = await database_sync_to_async(UserFactory)()
    ws = await connect()
    await ws.send_json_to({"action": "auth", "token": str(AccessToken.for_user(user))})
    assert await ws.receive_json_from() == {"type": "authenticated", "user": user.pk}
    await subscribe(ws, ["user:me"])
    await ws.disconnect()


async def test_a_bad_first_message_token_closes_with_a_reason():
    ws = await connect()
    await ws.send_json_to({"action": "auth", "token": "garbage"})
    assert (await ws.receive_json_from())["code"] == "unauthorized"
    closing = await ws.receive_output(timeout=5)
    assert closing["code"] == 4401
    await ws.disconnect()


async def test_user_me_with_the_session_cookie():
    user = await database_sync_to_async(UserFactory)()

    def session_cookie():
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    cookie = await database_sync_to_async(session_cookie)()
    ws = await connect(headers=[(b"cookie", f"sessionid={cookie}".encode())])
    await subscribe(ws, ["user:me"])
    await ws.disconnect()


async def test_a_foreign_origin_is_refused_at_the_handshake():
    from channels.testing import WebsocketCommunicator

    from livescore.asgi import application

    ws = WebsocketCommunicator(
        application, "/ws/", headers=[(b"origin", b"https://evil.example"), (b"host", b"127.0.0.1")]
    )
    is_connected, _ = await ws.connect()
    assert not is_connected


async def test_team_factory_is_usable_for_team_channels():
    team = await database_sync_to_async(TeamFactory)()
    ws = await connect()
    await subscribe(ws, [f"team:{team.pk}"])
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()
