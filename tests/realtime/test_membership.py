"""Issue 5's lost run: a 5,000-fan bench delivered 0 of 100,000 frames, with no error
anywhere. Redis had forgotten the hub's group membership — Django's RedisCache.clear() was a
FLUSHDB of the database the channel layer shares, and a test suite clearing the cache ran on
it — so every publish went to an empty group. The cache now clears only its own keys, and a
hub that finds itself out of a group re-joins it and sends its fans what they missed."""

import asyncio
import json

import pytest
import redis
import websockets
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache

from scoring.realtime import broadcast, fanout
from tests.factories import MatchFactory
from tests.realtime.conftest import connect, frames, subscribe, transition

pytestmark = [pytest.mark.django_db(transaction=True)]


def _redis():
    return redis.Redis.from_url(settings.REDIS_URL)


def _group_key(group):
    return get_channel_layer()._group_key(group)


async def test_clearing_the_cache_keeps_channel_layer_groups_and_messages():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("membership.check", channel)
    await layer.send("membership.queue", {"type": "queued"})
    cache.set("some-key", "cached")

    await database_sync_to_async(cache.clear)()

    assert cache.get("some-key") is None
    await layer.group_send("membership.check", {"type": "after.clear"})
    assert await asyncio.wait_for(layer.receive(channel), 5) == {"type": "after.clear"}
    assert await asyncio.wait_for(layer.receive("membership.queue"), 5) == {"type": "queued"}
    await layer.group_discard("membership.check", channel)


async def test_a_hub_out_of_its_group_rejoins_and_sends_what_was_missed(settings):
    settings.REALTIME_FANOUT = broadcast.HUB
    settings.REALTIME_MEMBERSHIP_CHECK_SECONDS = 3600  # checked by hand below
    match = await database_sync_to_async(MatchFactory)()
    channel = f"match:{match.pk}"
    group = broadcast.group_name(channel)
    fans = [await connect() for _ in range(2)]
    for ws in fans:
        await subscribe(ws, [channel])
        assert (await ws.receive_json_from(timeout=5))["type"] == "snapshot"
    await transition(match.pk, "live")
    for ws in fans:
        assert (await ws.receive_json_from(timeout=5))["seq"] == 1
    hub = fanout.hub()
    assert await hub.check_membership() == []

    _redis().delete(_group_key(group))  # what a FLUSHDB does to it
    await transition(match.pk, "break")  # committed and published to nobody
    await transition(match.pk, "live")
    for ws in fans:
        assert await ws.receive_nothing(timeout=0.3)
    rejoins, gaps = fanout.METRICS["rejoins"], fanout.METRICS["gaps"]

    assert await hub.check_membership() == [group]

    assert _redis().zscore(_group_key(group), hub.channel) is not None
    assert (fanout.METRICS["rejoins"], fanout.METRICS["gaps"]) == (rejoins + 1, gaps + 1)
    await transition(match.pk, "break")
    for ws in fans:
        got = await frames(ws, 3)
        assert [(f["channel"], f["seq"]) for f in got] == [(channel, 2), (channel, 3), (channel, 4)]
        assert [f["data"]["payload"]["to"] for f in got] == ["break", "live", "break"]
        assert await ws.receive_nothing(timeout=0.2)
        await ws.disconnect()


async def test_daphne_fans_get_every_event_after_redis_forgot_the_groups(daphnes):
    """The bench's situation end to end: real daphne processes (membership checked every
    0.2 s), a cache clear, then the groups' keys gone as after a FLUSHDB."""
    match = await database_sync_to_async(MatchFactory)()
    channel = f"match:{match.pk}"
    fans = []
    for port in daphnes:
        ws = await websockets.connect(f"ws://127.0.0.1:{port}/ws/", origin="http://127.0.0.1")
        await ws.send(json.dumps({"action": "subscribe", "channels": [channel]}))
        assert json.loads(await ws.recv()) == {"type": "subscribed", "channels": [channel]}
        assert json.loads(await ws.recv())["type"] == "snapshot"
        fans.append(ws)
    group_key = _group_key(broadcast.group_name(channel))
    assert _redis().zcard(group_key) == 2  # one hub channel per daphne

    await database_sync_to_async(cache.clear)()
    assert _redis().zcard(group_key) == 2
    await transition(match.pk, "live")
    _redis().delete(group_key)
    await transition(match.pk, "break")
    await transition(match.pk, "live")

    for ws in fans:
        got = [json.loads(await asyncio.wait_for(ws.recv(), 10)) for _ in range(3)]
        assert [(f["channel"], f["seq"]) for f in got] == [(channel, 1), (channel, 2), (channel, 3)]
    assert _redis().zcard(group_key) == 2
    for ws in fans:
        await ws.close()
