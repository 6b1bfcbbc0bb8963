"""One test per Law the engine applies, through the public engine functions."""

from __future__ import annotations

import pytest

from scoring.rules.contract import RuleViolation
from scoring.rules.cricket import engine
from tests.cricket.factories import AWAY, HOME, TEST, ball, over, started


def innings_card(state):
    return engine.detail(state)["innings"][-1]


def bowler_row(state, player):
    return next(row for row in innings_card(state)["bowling"] if row["player"] == player)


def batter_row(state, player):
    return next(row for row in innings_card(state)["batting"] if row["player"] == player)


def refused(state, code, **event):
    before = engine.dump(state)
    with pytest.raises(RuleViolation) as caught:
        engine.apply(state, **event)
    assert caught.value.code == code
    return before


def test_wide_is_not_a_legal_ball_and_is_charged_to_the_bowler() -> None:
    state = started()
    ball(state, "a1", extras={"wides": 1})
    card = innings_card(state)
    assert (card["runs"], card["legal_balls"], card["extras"]["wides"]) == (1, 0, 1)
    assert batter_row(state, "h1")["balls"] == 0
    assert (bowler_row(state, "a1")["runs"], bowler_row(state, "a1")["balls"]) == (1, 0)


def test_wide_with_a_run_taken_changes_strike() -> None:
    state = started()
    ball(state, "a1", extras={"wides": 2})
    assert state.current.striker == "h2"


def test_no_ball_is_faced_and_bat_runs_go_to_the_batter() -> None:
    state = started()
    ball(state, "a1", runs=4, boundary=True, extras={"noballs": 1})
    row = batter_row(state, "h1")
    assert (row["runs"], row["balls"], row["fours"]) == (4, 1, 1)
    assert (bowler_row(state, "a1")["runs"], bowler_row(state, "a1")["noballs"]) == (5, 1)
    assert innings_card(state)["legal_balls"] == 0


def test_byes_and_leg_byes_are_legal_and_not_charged_to_the_bowler() -> None:
    state = started()
    ball(state, "a1", extras={"byes": 1})
    ball(state, "a1", extras={"legbyes": 4})
    assert innings_card(state)["legal_balls"] == 2
    assert bowler_row(state, "a1")["runs"] == 0
    assert batter_row(state, "h2")["balls"] == 1
    assert state.current.striker == "h2"


def test_bowler_gets_only_bowler_dismissals() -> None:
    state = started()
    caught = {"kind": "caught", "player_out": "h1", "fielders": ["a5"]}
    ball(state, "a1", dismissals=[caught])
    ball(state, "a1", striker="h3", runs=1, dismissals=[{"kind": "run out", "player_out": "h3"}])
    assert bowler_row(state, "a1")["wickets"] == 1
    assert innings_card(state)["wickets"] == 2
    texts = [row["dismissal"] for row in innings_card(state)["batting"]]
    assert texts == ["c A5 b A1", "not out", "run out"]


def test_caught_brings_the_new_batter_on_strike() -> None:
    state = started()
    caught = {"kind": "caught", "player_out": "h1", "fielders": ["a5"]}
    ball(state, "a1", runs=1, dismissals=[caught])
    assert (state.current.striker, state.current.non_striker) == (None, "h2")


def test_bowled_off_a_wide_is_refused() -> None:
    state = started()
    before = refused(
        state,
        "invalid_dismissal",
        kind="delivery",
        payload={
            "striker": "h1",
            "non_striker": "h2",
            "bowler": "a1",
            "extras": {"wides": 1},
            "dismissals": [{"kind": "bowled", "player_out": "h1"}],
        },
    )
    assert before["innings"][0]["runs"] == 0


def test_stumped_off_a_wide_stands() -> None:
    state = started()
    stumped = {"kind": "stumped", "player_out": "h1", "fielders": ["a11"]}
    ball(state, "a1", extras={"wides": 1}, dismissals=[stumped])
    assert batter_row(state, "h1")["dismissal"] == "st A11 b A1"


def test_free_hit_follows_a_no_ball_and_allows_only_run_out() -> None:
    state = started()
    ball(state, "a1", extras={"noballs": 1})
    assert engine.detail(state)["current"]["is_free_hit"] is True
    refused(
        state,
        "free_hit",
        kind="delivery",
        payload={
            "striker": "h1",
            "non_striker": "h2",
            "bowler": "a1",
            "dismissals": [{"kind": "bowled", "player_out": "h1"}],
        },
    )
    ball(state, "a1", runs=1, dismissals=[{"kind": "run out", "player_out": "h2"}])
    assert engine.detail(state)["current"]["is_free_hit"] is False


def test_odd_runs_change_strike_and_ends_change_at_the_end_of_the_over() -> None:
    state = started()
    ball(state, "a1", runs=1)
    assert state.current.striker == "h2"
    over(state, "a1", [0, 0, 0, 0, 0])
    assert state.current.striker == "h1"


def test_no_bowler_bowls_consecutive_overs() -> None:
    state = started()
    over(state, "a1", [0] * 6)
    refused(
        state,
        "consecutive_overs",
        kind="delivery",
        payload={"striker": "h2", "non_striker": "h1", "bowler": "a1"},
    )


def test_bowler_quota_is_recorded_with_a_warning() -> None:
    state = started()
    for number in range(4):
        over(state, "a1", [0] * 6)
        over(state, "a2", [0] * 6)
        del number
    warnings = ball(state, "a1")
    assert warnings == ["A1 is bowling over 5 (limit 4)"]


def test_maiden_over() -> None:
    state = started()
    over(state, "a1", [0] * 6)
    row = bowler_row(state, "a1")
    assert (row["overs"], row["maidens"], row["economy"]) == ("1", 1, 0.0)


def test_short_and_long_overs_are_accepted_with_a_warning() -> None:
    state = started()
    warnings = over(state, "a1", [0] * 5)
    assert warnings == ["over 1 was called after 5 legal balls (not 6)"]
    warnings = over(state, "a2", [0] * 7)
    assert warnings[0] == "ball 7 of over 2: the over has 6 legal balls"
    assert innings_card(state)["overs"] == "2"


def test_negative_runs_are_refused() -> None:
    state = started()
    refused(
        state,
        "negative_runs",
        kind="delivery",
        payload={"striker": "h1", "non_striker": "h2", "bowler": "a1", "runs": -1},
    )


def test_batter_not_in_is_refused() -> None:
    state = started()
    refused(
        state,
        "batter_not_in",
        kind="delivery",
        payload={"striker": "h5", "non_striker": "h2", "bowler": "a1"},
    )


def test_all_out_closes_the_innings_and_a_twelfth_batter_is_refused() -> None:
    state = started({"overs_per_innings": 50, "players_per_side": 11})
    for number in range(2, 11):
        ball(state, "a1", dismissals=[{"kind": "bowled", "player_out": state.current.striker}])
        ball(state, "a1", striker=HOME[number])
    ball(state, "a1", dismissals=[{"kind": "bowled", "player_out": state.current.striker}])
    assert innings_card(state)["close_reason"] == "all_out"
    refused(
        state,
        "innings_closed",
        kind="delivery",
        payload={"striker": "h12", "non_striker": "h2", "bowler": "a1"},
    )


def test_retired_hurt_is_not_a_wicket_and_may_resume_retired_out_is() -> None:
    state = started()
    engine.apply(state, kind="batter_retired", payload={"player": "h1", "kind": "retired_hurt"})
    ball(state, "a1", striker="h3")
    assert innings_card(state)["wickets"] == 0
    engine.apply(state, kind="batter_retired", payload={"player": "h3", "kind": "retired_out"})
    ball(state, "a1", striker="h1")
    card = innings_card(state)
    assert card["wickets"] == 1
    assert [row["dismissal"] for row in card["batting"]] == ["not out", "not out", "retired out"]


def test_target_reached_ends_the_match_with_wickets_and_balls_left() -> None:
    state = started()
    over(state, "a1", [6, 6, 0, 0, 0, 0])
    engine.apply(state, kind="innings_end", payload={"reason": "curtailed"})
    engine.apply(
        state,
        kind="innings_start",
        payload={"batting": "away", "striker": "a1", "non_striker": "a2"},
    )
    assert engine.summary(state)["text"] == "India need 13 runs from 120 balls"
    ball(state, "h1", runs=6, boundary=True)
    ball(state, "h1", runs=6, boundary=True)
    ball(state, "h1", runs=1)
    result = engine.summary(state)["result"]
    assert result["text"] == "India won by 10 wickets (117 balls left)"
    assert (result["winner"], result["margin"], result["margin_unit"]) == ("away", 10, "wickets")


def test_win_by_runs_and_tie_then_super_over() -> None:
    state = started()
    over(state, "a1", [1, 0, 0, 0, 0, 0])
    engine.apply(state, kind="innings_end", payload={"reason": "curtailed"})
    engine.apply(
        state,
        kind="innings_start",
        payload={"batting": "away", "striker": "a1", "non_striker": "a2"},
    )
    engine.apply(state, kind="target_revision", payload={"overs": 1, "method": None})
    over(state, "h1", [0, 0, 0, 0, 0, 1])
    assert state.result["text"] == "Match tied"
    engine.apply(
        state,
        kind="innings_start",
        payload={"batting": "away", "striker": "a1", "non_striker": "a2", "super_over": True},
    )
    over(state, "h1", [4, 0, 0, 0, 0, 0])
    engine.apply(
        state,
        kind="innings_start",
        payload={"batting": "home", "striker": "h1", "non_striker": "h2", "super_over": True},
    )
    over(state, "a2", [1, 1, 0, 0, 0, 0])
    assert state.result["text"] == "Match tied (India won the super over)"
    assert state.result["winner"] == "away"


def test_dls_target_gives_the_method() -> None:
    state = started()
    over(state, "a1", [4, 4, 4, 4, 4, 4])
    engine.apply(state, kind="innings_end", payload={"reason": "curtailed"})
    engine.apply(
        state,
        kind="innings_start",
        payload={"batting": "away", "striker": "a1", "non_striker": "a2"},
    )
    engine.apply(state, kind="target_revision", payload={"target": 20, "overs": 1})
    over(state, "h1", [1, 0, 0, 0, 0, 0])
    assert state.result["text"] == "England won by 18 runs (DLS method)"
    assert state.result["method"] == "DLS"


def test_penalty_runs_before_an_innings_go_to_that_side() -> None:
    state = started()
    engine.apply(state, kind="penalty_runs", payload={"side": "away", "runs": 5})
    assert innings_card(state)["runs"] == 0
    engine.apply(state, kind="innings_end", payload={"reason": "curtailed"})
    engine.apply(state, kind="innings_start", payload={"batting": "away"})
    card = innings_card(state)
    assert (card["runs"], card["extras"]["penalty"]) == (5, 5)


def test_follow_on_needs_the_lead() -> None:
    state = started(TEST)
    over(state, "a1", [6, 6, 6, 6, 6, 6])
    engine.apply(state, kind="innings_end", payload={"reason": "declared"})
    engine.apply(state, kind="innings_start", payload={"batting": "away"})
    engine.apply(state, kind="innings_end", payload={"reason": "curtailed"})
    refused(state, "follow_on", kind="innings_start", payload={"batting": "away"})


def test_innings_win_and_draw_in_a_two_innings_match() -> None:
    state = started({**TEST, "follow_on_lead": 30})
    over(state, "a1", [6, 6, 6, 6, 6, 6])
    engine.apply(state, kind="innings_end", payload={"reason": "declared"})
    for follow_on in (False, True):
        engine.apply(
            state,
            kind="innings_start",
            payload={"batting": "away", "striker": "a1", "non_striker": "a2"},
        )
        assert state.current.is_follow_on is follow_on
        for number in range(2, 12):
            ball(state, "h1", dismissals=[{"kind": "bowled", "player_out": state.current.striker}])
            if number < 11:
                ball(state, "h1", striker=AWAY[number])
        engine.apply(state, kind="over_end", payload={}) if state.current.over_open else None
    assert state.result["text"] == "England won by an innings and 36 runs"


def test_declaration_is_refused_in_limited_overs() -> None:
    state = started()
    refused(state, "no_declaration", kind="innings_end", payload={"reason": "declared"})


def test_no_result_is_entered_by_the_scorer() -> None:
    state = started()
    engine.apply(state, kind="result", payload={"kind": "no_result"})
    assert engine.summary(state)["text"] == "No result"
    refused(state, "result_decided", kind="result", payload={"kind": "abandoned"})


def test_summary_and_detail_shapes() -> None:
    state = started()
    ball(state, "a1", runs=4, boundary=True)
    summary = engine.summary(state)
    assert summary == {
        "sport": "cricket",
        "home": {"name": "England", "score": "4/0", "overs": "0.1"},
        "away": {"name": "India", "score": None, "overs": None},
        "text": "England 4/0 (0.1 ov)",
        "result": None,
    }
    detail = engine.detail(state)
    assert detail["innings"][0]["this_over"] == ["4"]
    assert detail["current"]["striker"] == {"player": "h1", "name": "H1", "runs": 4, "balls": 1}
    assert detail["net_run_rate"]["home"] == {
        "runs_scored": 4,
        "balls_faced": 1,
        "runs_conceded": 0,
        "balls_bowled": 0,
    }


def test_unknown_event_is_refused() -> None:
    state = started()
    refused(state, "unknown_event", kind="goal", payload={})


def test_an_innings_won_inside_an_over_shows_its_part_over_after_over_end() -> None:
    state = started({"overs_per_innings": 1})
    over(state, "a1", [1, 1, 1, 1, 1, 1])
    engine.apply(
        state,
        kind="innings_start",
        payload={"batting": "away", "striker": "a1", "non_striker": "a2"},
    )
    ball(state, "h1", runs=4, boundary=True)
    ball(state, "h1", runs=4, boundary=True)
    engine.apply(state, kind="over_end", payload={})
    chase = engine.detail(engine.load(engine.dump(state)))["innings"][1]
    assert (chase["legal_balls"], chase["overs"], chase["close_reason"]) == (
        2,
        "0.2",
        "target_reached",
    )
    assert engine.summary(state)["away"]["overs"] == "0.2"
