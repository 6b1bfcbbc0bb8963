"""Cricsheet deliveries (from the replay source) to cricket engine events.

The conversion of one Cricsheet delivery into engine events belongs to the cricket engine
(`scoring.cricket.cricsheet`, issue 3). Until that module offers a per-delivery
converter, `delivery_events` is the single function to plug it into; everything else
(keys, player mapping, status) already works and is tested with football.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import Any

from matches.feeds.records import EventRecord, FixtureRecord
from matches.feeds.steps import FeedConflict, PlayerLookup, Step

# The public name the cricket engine is asked to provide:
#   delivery_events(delivery: Mapping, sides: Mapping[str, str]) -> list[tuple[str, dict]]
# where `delivery` is a Cricsheet delivery object and `sides` maps team name to side.
CONVERTER = ("scoring.cricket.cricsheet", "delivery_events")


def delivery_events(
    delivery: Mapping[str, Any], sides: Mapping[str, str]
) -> list[tuple[str, dict]]:
    module_name, function_name = CONVERTER
    try:
        convert = getattr(import_module(module_name), function_name)
    except (ImportError, AttributeError):
        raise FeedConflict(
            f"no Cricsheet delivery converter yet ({module_name}.{function_name}); "
            "cricket deliveries cannot be written"
        ) from None
    return convert(delivery, sides)


def cricket_steps(
    *,
    fixture: FixtureRecord,
    events: list[EventRecord],
    state: Any,
    player: PlayerLookup,
) -> Iterator[Step]:
    sides = {fixture.home_team_name: "home", fixture.away_team_name: "away"}
    for event in sorted(events, key=lambda item: item.sequence):
        for index, (kind, payload) in enumerate(delivery_events(event.payload, sides)):
            yield Step(kind, _with_player_ids(payload, sides, player), f"{event.key}:{index}")


def _with_player_ids(
    payload: dict[str, Any], sides: Mapping[str, str], player: PlayerLookup
) -> dict[str, Any]:
    # Cricsheet names players; the engine takes our Player ids.
    side = sides.get(payload.get("batting_team", ""), "home")
    fielding = "away" if side == "home" else "home"
    mapped = dict(payload)
    for key, team_side in (
        ("striker", side),
        ("non_striker", side),
        ("batter", side),
        ("bowler", fielding),
        ("fielder", fielding),
    ):
        if isinstance(mapped.get(key), str):
            mapped[key] = player({"name": mapped[key], "external_id": None}, team_side)
    return mapped
