"""Small builders for engine tests: a match between two sides of eleven named players."""

from __future__ import annotations

from typing import Any

from scoring.rules.contract import MatchSetup, PlayerEntry, TeamSheet
from scoring.rules.cricket import engine
from scoring.rules.cricket.state import MatchState

HOME = [f"h{number}" for number in range(1, 12)]
AWAY = [f"a{number}" for number in range(1, 12)]
T20 = {"overs_per_innings": 20, "max_overs_per_bowler": 4, "free_hit": True}
TEST = {"innings_per_side": 2, "follow_on_lead": 200}


def setup(rules: dict[str, Any] | None = None) -> MatchSetup:
    return MatchSetup(
        home=TeamSheet("home", 1, "England", tuple(PlayerEntry(p, p.upper()) for p in HOME)),
        away=TeamSheet("away", 2, "India", tuple(PlayerEntry(p, p.upper()) for p in AWAY)),
        rules=dict(T20 if rules is None else rules),
    )


def started(rules: dict[str, Any] | None = None, batting: str = "home") -> MatchState:
    state = engine.new_state(setup(rules))
    openers = HOME if batting == "home" else AWAY
    engine.apply(
        state,
        kind="innings_start",
        payload={"batting": batting, "striker": openers[0], "non_striker": openers[1]},
    )
    return state


def ball(state: MatchState, bowler: str, **payload: Any) -> list[str]:
    innings = state.current
    assert innings is not None
    payload.setdefault("striker", innings.striker)
    payload.setdefault("non_striker", innings.non_striker)
    return engine.apply(state, kind="delivery", payload={"bowler": bowler, **payload})


def over(state: MatchState, bowler: str, runs: list[int]) -> list[str]:
    warnings: list[str] = []
    for value in runs:
        warnings += ball(state, bowler, runs=value)
    return warnings + engine.apply(state, kind="over_end", payload={})
