"""Properties that hold for any sequence of legal deliveries (hypothesis)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.rules.contract import RuleViolation
from scoring.rules.cricket import engine
from tests.cricket.factories import AWAY, HOME, started

BALLS = st.fixed_dictionaries(
    {
        "runs": st.sampled_from([0, 0, 1, 1, 2, 3, 4, 6]),
        "extra": st.sampled_from([None, None, None, "wides", "noballs", "byes", "legbyes"]),
        "out": st.sampled_from([None] * 8 + ["bowled", "caught", "run out"]),
        "over_end": st.booleans(),
    }
)


def play(balls: list[dict]) -> object:
    state = started({"overs_per_innings": 20, "max_overs_per_bowler": 4, "free_hit": True})
    for spec in balls:
        innings = state.current
        if innings.closed:
            break
        striker = innings.striker or next(p for p in HOME if innings.batter(p) is None)
        non_striker = innings.non_striker or next(
            p for p in HOME if innings.batter(p) is None and p != striker
        )
        bowler = AWAY[innings.completed_overs % 2]
        payload = {"striker": striker, "non_striker": non_striker, "bowler": bowler}
        if spec["extra"] == "wides":
            payload["extras"] = {"wides": 1 + spec["runs"] % 5}
        elif spec["extra"]:
            payload["extras"] = {spec["extra"]: 1 if spec["extra"] == "noballs" else spec["runs"]}
            payload["runs"] = spec["runs"] if spec["extra"] == "noballs" else 0
        else:
            payload["runs"] = spec["runs"]
        if spec["out"]:
            payload["dismissals"] = [{"kind": spec["out"], "player_out": striker}]
        saved = engine.dump(state)
        try:
            engine.apply(state, kind="delivery", payload=payload)
        except RuleViolation:
            # The service discards a refused state; carry on from the saved projection.
            state = engine.load(json.loads(json.dumps(saved)))
            continue
        if spec["over_end"] and state.current.over_open:
            engine.apply(state, kind="over_end", payload={})
    return state


@settings(max_examples=150, deadline=None)
@given(st.lists(BALLS, max_size=150))
def test_scorecard_adds_up(balls: list[dict]) -> None:
    state = play(balls)
    for innings in engine.detail(state)["innings"]:
        extras = innings["extras"]
        batting_runs = sum(row["runs"] for row in innings["batting"])
        assert innings["runs"] == batting_runs + extras["total"]
        bowler_runs = sum(row["runs"] for row in innings["bowling"])
        assert (
            innings["runs"] == bowler_runs + extras["byes"] + extras["legbyes"] + extras["penalty"]
        )
        assert innings["legal_balls"] == sum(row["balls"] for row in innings["bowling"])
        assert innings["wickets"] == sum(1 for row in innings["batting"] if row["is_out"])
        assert innings["wickets"] == len(innings["fall_of_wickets"])
        assert sum(innings["runs_per_over"]) == innings["runs"]
        assert sum(item["runs"] for item in innings["partnerships"]) == innings["runs"]


@settings(max_examples=150, deadline=None)
@given(st.lists(BALLS, max_size=150))
def test_dump_load_round_trip(balls: list[dict]) -> None:
    state = play(balls)
    data = engine.dump(state)
    again = engine.load(json.loads(json.dumps(data)))
    assert again == state
    assert engine.dump(again) == data
    assert engine.detail(again) == engine.detail(state)
