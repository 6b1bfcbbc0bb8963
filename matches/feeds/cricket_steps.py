"""A Cricsheet replay's released deliveries to cricket engine events.

One delivery alone cannot say when an innings starts, that an over (even the last) is
over, that a batter retired without Cricsheet saying so, or that a target was revised, so
the whole file (`fixture.document`) goes through the cricket engine's converter
(`scoring.formats.cricsheet.convert_by_delivery`), which pairs each event with the delivery
it belongs to. The steps are the converted events up to and including those of the last
released delivery; what closes the match (its last over_end, the result) once the fixture
is finished. A step's key is its place in the conversion, so a re-crawl repeats keys only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from matches.feeds.records import EventRecord, FixtureRecord, FixtureStatus
from matches.feeds.steps import FeedConflict, PlayerLookup, Step
from scoring.formats.cricsheet import DeliveryPosition, Event, convert_by_delivery
from scoring.rules.cricket.players import (
    SIDES,
    UnknownPlayers,
    fielders_outside_squad,
    remap_players,
)

OVER_STATUSES = frozenset({FixtureStatus.FINISHED, FixtureStatus.AWARDED})


def cricket_steps(
    *,
    fixture: FixtureRecord,
    events: list[EventRecord],
    state: Any,
    player: PlayerLookup,
) -> Iterator[Step]:
    if fixture.document is None:
        raise FeedConflict(
            f"{fixture.source} sent no Cricsheet match document; "
            "cricket deliveries cannot be converted without the whole match"
        )
    setup, converted = convert_by_delivery(fixture.document)
    released = {_position(event) for event in events}
    is_over = fixture.status in OVER_STATUSES
    players = _player_ids(setup, [event for _position, event in converted], player)
    for number, (position, (kind, payload)) in enumerate(converted, start=1):
        if not (is_over if position is None else position in released):
            return
        try:
            mapped = remap_players(kind, payload, players)
        except UnknownPlayers as error:
            raise FeedConflict(f"event {number} ({kind}): {error}") from None
        yield Step(kind, mapped, f"cricsheet:{fixture.external_id}:event:{number}")


def _position(event: EventRecord) -> DeliveryPosition:
    payload = event.payload
    return (int(payload["innings"]), int(payload["over"]), int(payload["ball"]))


def _player_ids(
    setup: Mapping[str, Any], events: list[Event], player: PlayerLookup
) -> dict[str, int]:
    """Name -> Player id for everyone the file names, squads and substitute fielders."""
    substitutes = fielders_outside_squad(setup, events)
    ids: dict[str, int] = {}
    for side in SIDES:
        for name in [*setup[side]["players"], *substitutes[side]]:
            player_id = player({"name": name, "external_id": None}, side)
            if player_id is not None:
                ids.setdefault(name, player_id)
    return ids
