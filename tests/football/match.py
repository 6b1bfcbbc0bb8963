"""Building matches for engine tests."""

from __future__ import annotations

from typing import Any

from scoring.rules.contract import MatchSetup, PlayerEntry, TeamSheet
from scoring.rules.football import engine

KICK_OFF = 1_700_000_000.0
HOME = [f"h{number}" for number in range(1, 21)]
AWAY = [f"a{number}" for number in range(1, 21)]


def setup(**rules: Any) -> MatchSetup:
    def sheet(side: str, ids: list[str], name: str) -> TeamSheet:
        players = tuple(PlayerEntry(player, f"{name} {player}") for player in ids)
        return TeamSheet(side=side, team_id=name.lower(), name=name, players=players)

    return MatchSetup(
        home=sheet("home", HOME, "Rovers"), away=sheet("away", AWAY, "United"), rules=rules
    )


def new_match(**rules: Any):
    state = engine.new_state(setup(**rules))
    for side, ids in (("home", HOME), ("away", AWAY)):
        engine.apply(
            state,
            kind="lineup",
            payload={"side": side, "starting": ids[:11], "bench": ids[11:20], "formation": "4-4-2"},
        )
    return state


def kicked_off(**rules: Any):
    state = new_match(**rules)
    engine.apply(state, kind="period_start", payload={"period": "first_half", "at": KICK_OFF})
    return state


def at(minute: float, *, period_start: float = KICK_OFF) -> float:
    """The epoch time `minute` minutes (from 0) into a period that started at period_start."""
    return period_start + minute * 60


def play(state, *events: tuple[str, dict[str, Any]]) -> list[list[str]]:
    return [engine.apply(state, kind=kind, payload=payload) for kind, payload in events]


def to_second_half(state) -> float:
    second_half = KICK_OFF + 3600
    play(
        state,
        ("period_end", {"at": at(47)}),
        ("period_start", {"period": "second_half", "at": second_half}),
    )
    return second_half


def to_end_of_normal_time(state) -> None:
    second_half = to_second_half(state)
    play(state, ("period_end", {"at": at(49, period_start=second_half)}))
