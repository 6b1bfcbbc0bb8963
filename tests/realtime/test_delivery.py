"""Committed events reach every channel that carries them, per match in seq order and
exactly once — on the hub path and on the plain Channels baseline."""

import pytest
from channels.db import database_sync_to_async

from accounts.models import Favourite
from scoring import services
from scoring.realtime import catch_up
from scoring.services import events
from tests.factories import MatchFactory, UserFactory
from tests.realtime.conftest import connect, frames, subscribe, transition

pytestmark = [pytest.mark.django_db(transaction=True)]


async def test_competition_team_and_live_channels_carry_their_matches_events(fanout):
    match = await database_sync_to_async(MatchFactory)()
    other = await database_sync_to_async(MatchFactory)()
    channels = {
        "competition": f"competition:{match.competition_id}",
        "home": f"team:{match.home_team_id}",
        "away": f"team:{match.away_team_id}",
        "live": "live:all",
    }
    sockets = {}
    for name, channel in channels.items():
        sockets[name] = await connect()
        await subscribe(sockets[name], [channel])

    await transition(match.pk, "live")
    await transition(other.pk, "live")

    for name, channel in channels.items():
        frame = await sockets[name].receive_json_from(timeout=5)
        assert (frame["channel"], frame["match"], frame["seq"], frame["type"]) == (
            channel,
            match.pk,
            1,
            "status",
        )
        assert set(frame) == {"channel", "match", "seq", "type", "ts", "data"}
    other_frame = await sockets["live"].receive_json_from(timeout=5)
    assert (other_frame["match"], other_frame["seq"]) == (other.pk, 1)
    for name, ws in sockets.items():
        assert await ws.receive_nothing(timeout=0.2), name
        await ws.disconnect()


async def test_user_me_gets_each_favourite_event_once(fanout):
    match = await database_sync_to_async(MatchFactory)()
    unrelated = await database_sync_to_async(MatchFactory)()
    user = await database_sync_to_async(UserFactory)()

    def follow():
        Favourite.objects.create(user=user, team=match.home_team)
        Favourite.objects.create(user=user, competition=match.competition)
        Favourite.objects.create(user=user, match=match)

    await database_sync_to_async(follow)()
    from rest_framework_simplejwt.tokens import AccessToken

    ws = await connect(f"/ws/?token={AccessToken.for_user(user)}")
    await subscribe(ws, ["user:me"])
    await transition(match.pk, "live")
    await transition(unrelated.pk, "live")
    await transition(match.pk, "break")

    got = await frames(ws, 2)
    assert [(f["channel"], f["match"], f["seq"]) for f in got] == [
        ("user:me", match.pk, 1),
        ("user:me", match.pk, 2),
    ]
    assert await ws.receive_nothing(timeout=0.3)
    await ws.disconnect()


async def test_many_events_arrive_contiguous_and_in_order(fanout):
    match = await database_sync_to_async(MatchFactory)()
    fans = [await connect() for _ in range(3)]
    for ws in fans:
        await subscribe(ws, [f"match:{match.pk}"])
        assert (await ws.receive_json_from())["type"] == "snapshot"
    statuses = ["live"] + ["break", "live"] * 10
    for status in statuses:
        await transition(match.pk, status)
    for ws in fans:
        got = await frames(ws, len(statuses))
        assert [f["seq"] for f in got] == list(range(1, len(statuses) + 1))
        assert [f["data"]["payload"]["to"] for f in got] == statuses
        assert await ws.receive_nothing(timeout=0.2)
        await ws.disconnect()


async def test_catch_up_is_exactly_the_missed_events_then_live_ones(fanout):
    match = await database_sync_to_async(MatchFactory)()
    for status in ("live", "break", "live", "break"):
        await transition(match.pk, status)
    ws = await connect()
    channel = f"match:{match.pk}"
    await subscribe(ws, [channel], last_seq={channel: 2})
    missed = await frames(ws, 2)
    assert [(f["seq"], f["type"], f["channel"]) for f in missed] == [
        (3, "status", channel),
        (4, "status", channel),
    ]
    assert missed[-1]["data"]["status"] == "break"
    assert await ws.receive_nothing(timeout=0.2)
    await transition(match.pk, "live")
    assert (await ws.receive_json_from(timeout=5))["seq"] == 5
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_catch_up_on_a_competition_channel(fanout):
    match = await database_sync_to_async(MatchFactory)()
    for status in ("live", "break", "live"):
        await transition(match.pk, status)
    ws = await connect()
    channel = f"competition:{match.competition_id}"
    await subscribe(ws, [channel], last_seq={f"match:{match.pk}": 1})
    assert [(f["channel"], f["seq"]) for f in await frames(ws, 2)] == [(channel, 2), (channel, 3)]
    await transition(match.pk, "break")
    assert (await ws.receive_json_from(timeout=5))["seq"] == 4
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_up_to_date_fan_gets_nothing_but_live_events(fanout):
    match = await database_sync_to_async(MatchFactory)()
    await transition(match.pk, "live")
    ws = await connect()
    channel = f"match:{match.pk}"
    await subscribe(ws, [channel], last_seq={channel: 1})
    assert await ws.receive_nothing(timeout=0.2)
    await transition(match.pk, "break")
    assert (await ws.receive_json_from(timeout=5))["seq"] == 2
    await ws.disconnect()


async def test_too_far_behind_gets_a_fresh_snapshot(fanout, monkeypatch):
    monkeypatch.setattr(catch_up, "CATCH_UP_LIMIT", 2)
    match = await database_sync_to_async(MatchFactory)()
    for status in ("live", "break", "live", "break"):
        await transition(match.pk, status)
    ws = await connect()
    channel = f"match:{match.pk}"
    await subscribe(ws, [channel], last_seq={channel: 1})
    snapshot = await ws.receive_json_from()
    assert (snapshot["type"], snapshot["seq"], snapshot["data"]["status"]) == (
        "snapshot",
        4,
        "break",
    )
    assert await ws.receive_nothing(timeout=0.2)
    await transition(match.pk, "live")
    assert (await ws.receive_json_from(timeout=5))["seq"] == 5
    await ws.disconnect()


async def test_a_frame_lost_in_the_layer_is_filled_from_the_log(fanout, monkeypatch):
    match = await database_sync_to_async(MatchFactory)()
    ws = await connect()
    channel = f"match:{match.pk}"
    await subscribe(ws, [channel, "live:all"])
    assert (await ws.receive_json_from())["seq"] == 0
    await transition(match.pk, "live")
    assert {(f["channel"], f["seq"]) for f in await frames(ws, 2)} == {
        (channel, 1),
        ("live:all", 1),
    }

    published = events._publish_committed
    monkeypatch.setattr(events, "_publish_committed", lambda **kwargs: None)
    await transition(match.pk, "break")  # committed, never published
    monkeypatch.setattr(events, "_publish_committed", published)
    await transition(match.pk, "live")

    got = await frames(ws, 4)
    by_channel = {c: [f["seq"] for f in got if f["channel"] == c] for c in (channel, "live:all")}
    assert by_channel == {channel: [2, 3], "live:all": [2, 3]}
    assert [f["data"]["payload"]["to"] for f in got if f["channel"] == channel] == ["break", "live"]
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_nothing_reaches_fans_from_a_rolled_back_write(fanout):
    from django.db import transaction

    match = await database_sync_to_async(MatchFactory)()
    ws = await connect()
    await subscribe(ws, ["live:all"])

    def write_then_fail():
        with transaction.atomic():
            services.match_transition(match_id=match.pk, to_status="live", source="system")
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        await database_sync_to_async(write_then_fail)()
    assert await ws.receive_nothing(timeout=0.4)
    await ws.disconnect()
