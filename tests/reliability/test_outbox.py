"""Redis goes away while scorers keep scoring: every event is committed and acknowledged,
its broadcast is held, and fans get all of them in order, once, when Redis is back."""

import asyncio
import time

import pytest
import redis
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from scoring import services
from scoring.models import EventSource, MatchEvent, PendingBroadcast
from scoring.realtime import outbox
from tests.realtime.conftest import connect, subscribe
from tests.reliability.conftest import corner, live_football_match
from tests.reliability.redis_process import RedisProcess

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def own_redis(settings):
    server = RedisProcess()
    server.start()
    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {**config, "hosts": [{**config["hosts"][0], "address": server.url}]},
        }
    }
    yield server
    server.stop()


def record_corner(match_id, value):
    return services.event_record(
        match_id=match_id, kind="stat", payload=corner(value), source=EventSource.SYSTEM
    )


def held_seqs(match_id):
    return list(
        PendingBroadcast.objects.filter(match_id=match_id)
        .order_by("seq")
        .values_list("seq", flat=True)
    )


async def wait_for_group(server, group):
    """Until the hub has joined `group` again on the restarted Redis (10 s at most)."""
    prefix = get_channel_layer().prefix
    client = redis.asyncio.Redis(port=server.port)
    deadline = time.monotonic() + 10
    try:
        while not await client.exists(f"{prefix}:group:{group}"):
            assert time.monotonic() < deadline, f"no member rejoined {group}"
            await asyncio.sleep(0.05)
    finally:
        await client.aclose()


async def test_broadcasts_held_while_redis_is_down_reach_fans_in_order_once(own_redis):
    match = await database_sync_to_async(live_football_match)()
    channel = f"match:{match.pk}"
    fan = await connect()
    await subscribe(fan, [channel])
    assert (await fan.receive_json_from(timeout=5))["seq"] == 1  # the snapshot

    await database_sync_to_async(record_corner)(match.pk, 1)
    assert (await fan.receive_json_from(timeout=5))["seq"] == 2
    assert await database_sync_to_async(held_seqs)(match.pk) == []

    own_redis.stop()
    answers = [await database_sync_to_async(record_corner)(match.pk, v) for v in (2, 3, 4)]
    assert [a.event.seq for a in answers] == [3, 4, 5]  # acknowledged to the scorer
    assert await database_sync_to_async(held_seqs)(match.pk) == [3, 4, 5]
    count = await database_sync_to_async(MatchEvent.objects.filter(match=match).count)()
    assert count == 5
    assert await fan.receive_nothing(timeout=0.3)

    own_redis.start()  # empty: it forgot every group member
    await wait_for_group(own_redis, f"match.{match.pk}")
    assert await database_sync_to_async(outbox.outbox_drain)() == 1
    got = [await fan.receive_json_from(timeout=5) for _ in range(3)]
    assert [(f["channel"], f["seq"], f["type"]) for f in got] == [
        (channel, 3, "stat"),
        (channel, 4, "stat"),
        (channel, 5, "stat"),
    ]
    assert got[-1]["data"]["summary"] is not None
    assert await database_sync_to_async(held_seqs)(match.pk) == []

    # Live again: the next event goes straight through, nothing repeated.
    await database_sync_to_async(record_corner)(match.pk, 5)
    assert (await fan.receive_json_from(timeout=5))["seq"] == 6
    assert await fan.receive_nothing(timeout=0.3)
    await fan.disconnect()


async def test_the_next_commit_clears_older_held_broadcasts(own_redis):
    match = await database_sync_to_async(live_football_match)()
    own_redis.stop()
    await database_sync_to_async(record_corner)(match.pk, 1)
    assert await database_sync_to_async(held_seqs)(match.pk) == [2]
    own_redis.start()
    fan = await connect()
    await subscribe(fan, [f"match:{match.pk}"], last_seq={f"match:{match.pk}": 2})
    await database_sync_to_async(record_corner)(match.pk, 2)
    frame = await fan.receive_json_from(timeout=5)
    assert frame["seq"] == 3
    assert await fan.receive_nothing(timeout=0.3)
    assert await database_sync_to_async(held_seqs)(match.pk) == []
    await fan.disconnect()


def test_a_rolled_back_write_holds_nothing():
    from django.db import transaction

    match = live_football_match()

    def write_then_fail():
        with transaction.atomic():
            record_corner(match.pk, 1)
            raise RuntimeError("the request failed after the write")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert held_seqs(match.pk) == []
    assert MatchEvent.objects.filter(match=match).count() == 1


def test_the_celery_task_drains_the_outbox(own_redis):
    from scoring.tasks import broadcast_outbox_drain

    match = live_football_match()
    own_redis.stop()
    record_corner(match.pk, 1)
    record_corner(match.pk, 2)
    assert held_seqs(match.pk) == [2, 3]
    assert broadcast_outbox_drain.apply().get(timeout=10) == 0  # still down: kept
    assert held_seqs(match.pk) == [2, 3]
    assert PendingBroadcast.objects.get(match=match, seq=2).attempts == 1
    own_redis.start()
    assert broadcast_outbox_drain.apply().get(timeout=10) == 1
    assert held_seqs(match.pk) == []
