"""Player references inside cricket payloads, renamed through a mapping.

Cricsheet names players by name; the database by Player id. The importer, the live replay
feed and the demo all convert one into the other with `remap_players`, so which payload
field holds a player is written down once, here, beside the engine that reads them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from scoring.rules.contract import PlayerRef

# Event kind -> payload keys holding one player. Dismissals are handled on their own.
PLAYER_KEYS: dict[str, tuple[str, ...]] = {
    "innings_start": ("striker", "non_striker"),
    "delivery": ("striker", "non_striker", "bowler"),
    "batter_retired": ("player",),
    "batter_absent": ("player",),
    "new_batter": ("player",),
    "replacement": ("player_in", "player_out"),
}
SIDES = ("home", "away")


class UnknownPlayers(KeyError):
    """Some references have no entry in the mapping; `players` lists them in order."""

    def __init__(self, players: list[Any]) -> None:
        super().__init__(players)
        self.players = players

    def __str__(self) -> str:
        return "no player for " + ", ".join(repr(player) for player in self.players)


def players_in(kind: str, payload: Mapping[str, Any]) -> Iterator[Any]:
    """Every player reference in one event's payload (with repeats, in payload order)."""
    for key in PLAYER_KEYS.get(kind, ()):
        if payload.get(key) is not None:
            yield payload[key]
    if kind == "delivery":
        for item in payload.get("dismissals") or ():
            if item.get("player_out") is not None:
                yield item["player_out"]
            yield from item.get("fielders") or ()


def remap_players(
    kind: str, payload: Mapping[str, Any], mapping: Mapping[Any, PlayerRef]
) -> dict[str, Any]:
    """A copy of `payload` with each player reference replaced by `mapping[reference]`.

    Raises UnknownPlayers (a KeyError) naming every reference the mapping lacks."""
    missing = [player for player in players_in(kind, payload) if player not in mapping]
    if missing:
        raise UnknownPlayers(list(dict.fromkeys(missing)))
    remapped = dict(payload)
    for key in PLAYER_KEYS.get(kind, ()):
        if remapped.get(key) is not None:
            remapped[key] = mapping[remapped[key]]
    if kind == "delivery" and payload.get("dismissals"):
        remapped["dismissals"] = [
            {
                **item,
                **(
                    {"player_out": mapping[item["player_out"]]}
                    if item.get("player_out") is not None
                    else {}
                ),
                "fielders": [mapping[fielder] for fielder in item.get("fielders") or ()],
            }
            for item in payload["dismissals"]
        ]
    return remapped


def fielders_outside_squad(
    setup: Mapping[str, Any], events: list[tuple[str, Mapping[str, Any]]]
) -> dict[str, list[Any]]:
    """Fielders named in dismissals who are in neither side's list (substitutes), by the
    side they fielded for, so that the squad can carry them as non-starters."""
    squad = {player for side in SIDES for player in setup[side]["players"]}
    found: dict[str, list[Any]] = {side: [] for side in SIDES}
    fielding = "away"
    for kind, payload in events:
        if kind == "innings_start":
            fielding = "away" if payload["batting"] == "home" else "home"
        if kind != "delivery":
            continue
        for item in payload.get("dismissals") or ():
            for fielder in item.get("fielders") or ():
                if fielder not in squad and all(fielder not in side for side in found.values()):
                    found[fielding].append(fielder)
    return found
