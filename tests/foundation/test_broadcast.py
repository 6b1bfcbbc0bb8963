"""Committed events reach subscribed fans over the Redis channel layer, in seq order."""

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from scoring import services
from scoring.models import EventSource
from tests.factories import MatchFactory
from tests.foundation.test_websocket_protocol import connected

pytestmark = [pytest.mark.django_db(transaction=True)]


async def subscribed(channels):
    ws = await connected()
    await ws.send_json_to({"action": "subscribe", "channels": channels})
    assert (await ws.receive_json_from())["type"] == "subscribed"
    return ws


async def test_status_change_reaches_match_and_live_all_subscribers():
    match = await database_sync_to_async(MatchFactory)()
    fan = await subscribed([f"match:{match.pk}"])
    assert (await fan.receive_json_from())["type"] == "snapshot"
    lobby = await subscribed(["live:all"])

    await database_sync_to_async(services.match_transition)(
        match_id=match.pk, to_status="live", source=EventSource.SYSTEM
    )

    frame = await fan.receive_json_from(timeout=5)
    assert frame["channel"] == f"match:{match.pk}"
    assert frame["seq"] == 1
    assert frame["type"] == "status"
    assert frame["data"]["payload"] == {"from": "scheduled", "to": "live"}
    assert frame["data"]["status"] == "live"
    lobby_frame = await lobby.receive_json_from(timeout=5)
    assert lobby_frame["channel"] == "live:all"
    assert lobby_frame["seq"] == 1
    await fan.disconnect()
    await lobby.disconnect()


async def test_nothing_is_sent_for_a_rolled_back_transaction():
    match = await database_sync_to_async(MatchFactory)()
    fan = await subscribed([f"match:{match.pk}"])
    assert (await fan.receive_json_from())["type"] == "snapshot"

    def transition_then_fail():
        with transaction.atomic():
            services.match_transition(match_id=match.pk, to_status="live", source="system")
            raise RuntimeError("the request failed after the write")

    with pytest.raises(RuntimeError):
        await database_sync_to_async(transition_then_fail)()
    assert await fan.receive_nothing(timeout=0.5)
    await fan.disconnect()


async def test_reconnecting_fan_gets_exactly_the_missed_events():
    match = await database_sync_to_async(MatchFactory)()
    for status in ("live", "break", "live"):
        await database_sync_to_async(services.match_transition)(
            match_id=match.pk, to_status=status, source=EventSource.SYSTEM
        )
    ws = await connected()
    await ws.send_json_to(
        {
            "action": "subscribe",
            "channels": [f"match:{match.pk}"],
            "last_seq": {f"match:{match.pk}": 1},
        }
    )
    assert (await ws.receive_json_from())["type"] == "subscribed"
    missed = [await ws.receive_json_from(), await ws.receive_json_from()]
    assert [(f["seq"], f["type"]) for f in missed] == [(2, "status"), (3, "status")]
    assert missed[-1]["data"]["status"] == "live"
    assert await ws.receive_nothing(timeout=0.3)

    await database_sync_to_async(services.match_transition)(
        match_id=match.pk, to_status="finished", source=EventSource.SYSTEM
    )
    live = await ws.receive_json_from(timeout=5)
    assert live["seq"] == 4
    await ws.disconnect()
