"""The football engine's rules, one at a time."""

from __future__ import annotations

import pytest

from scoring.rules.contract import RuleViolation
from scoring.rules.football import engine
from tests.football.match import (
    KICK_OFF,
    at,
    kicked_off,
    new_match,
    play,
    setup,
    to_end_of_normal_time,
    to_second_half,
)


def refused(state, kind: str, payload: dict) -> str:
    """Apply an impossible event; return its code and check nothing changed."""
    before = engine.dump(state)
    with pytest.raises(RuleViolation) as raised:
        engine.apply(state, kind=kind, payload=payload)
    assert engine.dump(state) == before
    return raised.value.code


def test_event_kinds_are_the_documented_ones() -> None:
    assert engine.SPORT == "football"
    assert engine.EVENT_KINDS == {
        "lineup", "period_start", "period_end", "stoppage_time", "goal", "penalty_missed",
        "card", "substitution", "var", "shootout_kick", "stat", "result", "full_time",
    }  # fmt: skip


def test_a_goal_before_kick_off_is_refused() -> None:
    state = new_match()

    assert refused(state, "goal", {"side": "home", "scorer": "h9"}) == "not_started"


def test_goal_minutes_derive_from_the_period_start() -> None:
    state = kicked_off()

    play(
        state,
        ("goal", {"side": "home", "scorer": "h9", "assist": "h10", "at": at(36.2)}),
        ("goal", {"side": "away", "scorer": "a9", "at": at(46.5)}),
        ("goal", {"side": "away", "scorer": "a7", "minute": 90, "added": 4}),
    )

    goals = engine.detail(state)["goals"]
    assert [(g["display"], g["minute"], g["added"]) for g in goals] == [
        ("37'", 37, None),
        ("45+2'", 45, 2),
        ("90+4'", 90, 4),
    ]
    assert goals[0]["assist_name"] == "Rovers h10"
    assert engine.summary(state)["text"] == "1-2"


def test_match_clock_through_a_match() -> None:
    state = kicked_off(has_extra_time=True)
    assert engine.match_clock(state, at(36.5)) == "37'"
    assert engine.match_clock(state, at(46.1)) == "45+2'"
    second_half = to_second_half(state)
    assert engine.match_clock(state, at(0.5, period_start=second_half)) == "46'"
    assert engine.match_clock(state, at(48.2, period_start=second_half)) == "90+4'"
    play(state, ("period_end", {}))
    assert engine.match_clock(state, second_half + 3600) == "FT"
    extra_time = KICK_OFF + 3 * 3600
    play(state, ("period_start", {"period": "extra_time_first", "at": extra_time}))
    assert engine.match_clock(state, at(14.5, period_start=extra_time)) == "ET 105'"
    play(state, ("period_end", {}))
    assert engine.match_clock(state, extra_time + 1000) == "ET HT"


def test_clock_before_kick_off_and_at_half_time() -> None:
    state = new_match()
    assert engine.match_clock(state, KICK_OFF) == ""
    play(state, ("period_start", {"period": "first_half", "at": KICK_OFF}), ("period_end", {}))
    assert engine.match_clock(state, KICK_OFF + 3000) == "HT"
    assert engine.summary(state)["text"] == "0-0 HT"


def test_own_goal_counts_for_the_other_side() -> None:
    state = kicked_off()

    play(state, ("goal", {"side": "away", "scorer": "h4", "kind": "own_goal", "at": at(10)}))

    assert engine.summary(state)["away"]["score"] == 1
    assert engine.detail(state)["goals"][0]["scorer_name"] == "Rovers h4"


def test_own_goal_by_a_player_of_the_scoring_side_is_refused() -> None:
    state = kicked_off()

    assert refused(state, "goal", {"side": "away", "scorer": "a4", "kind": "own_goal"}) == (
        "not_on_pitch"
    )


def test_a_substitute_on_the_bench_cannot_score() -> None:
    state = kicked_off()

    assert refused(state, "goal", {"side": "home", "scorer": "h15"}) == "not_on_pitch"


def test_second_yellow_becomes_a_red_and_the_player_takes_no_further_part() -> None:
    state = kicked_off()

    first, second = play(
        state,
        ("card", {"side": "away", "player": "a5", "card": "yellow", "at": at(10)}),
        ("card", {"side": "away", "player": "a5", "card": "yellow", "at": at(30)}),
    )

    assert first == []
    assert second == ["second yellow card: United a5 is sent off"]
    detail = engine.detail(state)
    assert detail["sent_off"] == [
        {"side": "away", "player": "a5", "ref": "card-3", "reason": "second_yellow"}
    ]
    assert "a5" not in detail["lineups"]["away"]["on_pitch"]
    assert len(detail["lineups"]["away"]["on_pitch"]) == 10
    assert refused(state, "goal", {"side": "away", "scorer": "a5"}) == "sent_off"
    assert refused(state, "card", {"side": "away", "player": "a5", "card": "red"}) == "sent_off"
    assert (
        refused(state, "substitution", {"side": "away", "player_off": "a5", "player_on": "a12"})
        == "sent_off"
    )


def test_var_cancels_a_goal_by_its_ref() -> None:
    state = kicked_off()
    play(state, ("goal", {"side": "home", "scorer": "h9", "at": at(20), "ref": "g-1"}))

    play(state, ("var", {"target": "g-1", "reason": "offside", "at": at(21)}))

    assert engine.summary(state)["home"]["score"] == 0
    assert engine.detail(state)["goals"] == []
    assert engine.detail(state)["timeline"][-2]["cancelled"] is True
    assert refused(state, "var", {"target": "g-1"}) == "already_cancelled"
    assert refused(state, "var", {"target": "nope"}) == "unknown_target"


def test_var_cancelling_a_red_card_brings_the_player_back() -> None:
    state = kicked_off()
    play(state, ("card", {"side": "home", "player": "h3", "card": "red", "ref": "r1"}))
    assert "h3" not in engine.detail(state)["lineups"]["home"]["on_pitch"]

    warnings = engine.apply(state, kind="var", payload={"target": "r1"})

    assert warnings == ["card for Rovers h3 cancelled by VAR"]
    assert "h3" in engine.detail(state)["lineups"]["home"]["on_pitch"]
    assert engine.detail(state)["cards"] == []


def test_a_duplicate_ref_is_refused() -> None:
    state = kicked_off()
    play(state, ("goal", {"side": "home", "scorer": "h9", "ref": "x"}))

    assert refused(state, "card", {"side": "home", "player": "h9", "card": "yellow",
                                   "ref": "x"}) == "duplicate_ref"  # fmt: skip


def test_substitution_swaps_players_on_the_pitch() -> None:
    state = kicked_off()

    play(state, ("substitution", {"side": "home", "player_off": "h9", "player_on": "h12"}))

    lineup = engine.detail(state)["lineups"]["home"]
    assert "h12" in lineup["on_pitch"]
    assert "h9" not in lineup["on_pitch"]
    assert lineup["substituted_off"] == ["h9"]
    assert refused(state, "goal", {"side": "home", "scorer": "h9"}) == "not_on_pitch"
    assert (
        refused(state, "substitution", {"side": "home", "player_off": "h10", "player_on": "h9"})
        == "already_substituted"
    )


def test_substitution_count_limit() -> None:
    state = kicked_off(max_substitutions=2)
    play(
        state,
        ("substitution", {"side": "home", "player_off": "h9", "player_on": "h12", "at": at(60)}),
        ("substitution", {"side": "home", "player_off": "h8", "player_on": "h13", "at": at(60)}),
    )

    code = refused(state, "substitution", {"side": "home", "player_off": "h7", "player_on": "h14"})

    assert code == "substitution_limit"


def test_substitution_window_limit_ignores_half_time() -> None:
    state = kicked_off(max_windows=2)
    play(state, ("period_end", {"at": at(46)}))
    # At half-time: uses no window.
    play(state, ("substitution", {"side": "home", "player_off": "h2", "player_on": "h12"}))
    second_half = KICK_OFF + 3600
    play(state, ("period_start", {"period": "second_half", "at": second_half}))

    def substitute(off: str, on: str, minute: float) -> dict:
        return {"side": "home", "player_off": off, "player_on": on,
                "at": at(minute, period_start=second_half)}  # fmt: skip

    play(
        state,
        ("substitution", substitute("h3", "h13", 10)),
        # Same stoppage: the same window.
        ("substitution", substitute("h4", "h14", 10.5)),
        ("goal", {"side": "away", "scorer": "a9", "at": at(20, period_start=second_half)}),
        ("substitution", substitute("h5", "h15", 25)),
    )

    assert refused(state, "substitution", substitute("h6", "h16", 35)) == "window_limit"
    windows = [sub["opens_window"] for sub in engine.detail(state)["substitutions"]]
    assert windows == [False, True, False, True]


def test_extra_time_gives_one_more_substitution() -> None:
    state = kicked_off(has_extra_time=True, max_substitutions=1, max_windows=1)
    play(state, ("substitution", {"side": "home", "player_off": "h2", "player_on": "h12"}))
    to_end_of_normal_time(state)
    play(state, ("period_start", {"period": "extra_time_first", "at": KICK_OFF + 9000}))

    play(state, ("substitution", {"side": "home", "player_off": "h3", "player_on": "h13"}))

    assert (
        refused(state, "substitution", {"side": "home", "player_off": "h4", "player_on": "h14"})
        == "substitution_limit"
    )


def test_player_coming_on_must_be_a_named_substitute() -> None:
    state = kicked_off()

    assert (
        refused(state, "substitution", {"side": "home", "player_off": "h9", "player_on": "a12"})
        == "not_on_bench"
    )


def test_periods_must_come_in_order() -> None:
    state = new_match()

    assert refused(state, "period_start", {"period": "second_half"}) == "period_order"
    play(state, ("period_start", {"period": "first_half"}))
    assert refused(state, "period_start", {"period": "second_half"}) == "period_in_progress"
    assert refused(state, "full_time", {}) == "period_order"


def test_goal_after_full_time_is_refused() -> None:
    state = kicked_off()
    to_end_of_normal_time(state)
    play(state, ("full_time", {}))

    assert refused(state, "goal", {"side": "home", "scorer": "h9"}) == "match_finished"
    assert engine.summary(state)["result"] == {
        "winner": None,
        "kind": "draw",
        "decided_by": "normal_time",
        "text": "Draw 0-0",
    }


def test_a_goal_at_half_time_is_refused() -> None:
    state = kicked_off()
    play(state, ("period_end", {}))

    assert refused(state, "goal", {"side": "home", "scorer": "h9"}) == "not_in_play"


def test_shootout_kick_in_a_league_match_is_refused() -> None:
    state = kicked_off()
    to_end_of_normal_time(state)

    assert refused(state, "shootout_kick", {"side": "home", "scored": True}) == "no_shootout"
    assert refused(state, "period_start", {"period": "penalty_shootout"}) == "no_shootout"


def test_knockout_goes_to_extra_time_and_penalties() -> None:
    state = kicked_off(has_extra_time=True, has_shootout=True)
    to_end_of_normal_time(state)
    assert refused(state, "full_time", {}) == "tie_unresolved"
    play(
        state,
        ("period_start", {"period": "extra_time_first", "at": KICK_OFF + 9000}),
        ("goal", {"side": "home", "scorer": "h9", "at": KICK_OFF + 9000 + 300}),
        ("period_end", {}),
        ("period_start", {"period": "extra_time_second", "at": KICK_OFF + 10000}),
        ("goal", {"side": "away", "scorer": "a9", "at": KICK_OFF + 10000 + 600}),
        ("period_end", {}),
        ("period_start", {"period": "penalty_shootout"}),
    )
    kicks = [("home", "h1", True), ("away", "a1", True), ("home", "h2", True),
             ("away", "a2", False), ("home", "h3", True), ("away", "a3", False),
             ("home", "h4", True)]  # fmt: skip
    for side, player, scored in kicks[:-1]:
        play(state, ("shootout_kick", {"side": side, "player": player, "scored": scored}))
    assert refused(state, "shootout_kick", {"side": "away", "player": "a4", "scored": True}) == (
        "kick_order"
    )
    assert refused(state, "full_time", {}) == "shootout_undecided"
    play(state, ("shootout_kick", {"side": "home", "player": "h4", "scored": True}))
    assert refused(state, "shootout_kick", {"side": "away", "scored": True}) == "shootout_decided"

    play(state, ("full_time", {}))

    summary = engine.summary(state)
    assert summary["text"] == "1-1 (4-1 pens)"
    assert summary["result"] == {
        "winner": "home",
        "kind": "win",
        "decided_by": "penalties",
        "text": "Rovers win 4-1 on penalties",
    }
    assert engine.detail(state)["scores"] == {
        "half_time": {"home": 0, "away": 0},
        "full_time": {"home": 0, "away": 0},
        "after_extra_time": {"home": 1, "away": 1},
        "penalties": {"home": 4, "away": 1},
    }
    assert [m["display"] for m in engine.detail(state)["goals"]] == ["ET 96'", "ET 116'"]


def test_a_kicker_waits_until_every_team_mate_has_kicked() -> None:
    state = kicked_off(has_shootout=True)
    to_end_of_normal_time(state)
    play(state, ("period_start", {"period": "penalty_shootout"}))
    play(state, ("shootout_kick", {"side": "home", "player": "h1", "scored": True}))
    play(state, ("shootout_kick", {"side": "away", "player": "a1", "scored": True}))

    code = refused(state, "shootout_kick", {"side": "home", "player": "h1", "scored": True})

    assert code == "kicker_repeat"
    assert (
        refused(state, "shootout_kick", {"side": "home", "player": "h15", "scored": True})
        == "not_on_pitch"
    )


def test_result_without_events_finishes_the_match() -> None:
    state = new_match()

    play(state, ("result", {"home": 0, "away": 1, "status": "awarded"}))

    summary = engine.summary(state)
    assert summary["text"] == "0-1 (awarded)"
    assert summary["result"]["winner"] == "away"
    assert summary["result"]["decided_by"] == "awarded"
    assert refused(state, "goal", {"side": "home", "scorer": "h9"}) == "match_finished"


def test_result_must_agree_with_recorded_goals() -> None:
    state = kicked_off()
    play(state, ("goal", {"side": "home", "scorer": "h9"}))

    assert refused(state, "result", {"home": 0, "away": 0}) == "result_mismatch"


def test_result_with_half_time_and_penalties() -> None:
    state = engine.new_state(setup(has_shootout=True))

    play(state, ("result", {"home": 1, "away": 1, "ht": {"home": 0, "away": 1},
                            "penalties": {"home": 3, "away": 4}}))  # fmt: skip

    assert engine.summary(state)["text"] == "1-1 (3-4 pens)"
    assert engine.detail(state)["scores"]["half_time"] == {"home": 0, "away": 1}


def test_lineup_rules() -> None:
    state = new_match()
    short = {"side": "home", "starting": ["h1", "h2"], "bench": []}
    assert refused(state, "lineup", short) == "lineup_size"
    twice = {"side": "home", "starting": [f"h{n}" for n in range(1, 12)], "bench": ["h1"]}
    assert refused(state, "lineup", twice) == "duplicate_player"
    stranger = {"side": "home", "starting": [f"h{n}" for n in range(1, 11)] + ["a1"]}
    assert refused(state, "lineup", stranger) == "unknown_player"
    play(state, ("period_start", {"period": "first_half"}))
    full = {"side": "home", "starting": [f"h{n}" for n in range(1, 12)]}
    assert refused(state, "lineup", full) == "lineup_locked"


def test_stoppage_time_and_stats() -> None:
    state = kicked_off()

    warnings = play(
        state,
        ("stoppage_time", {"minutes": 3, "at": at(44.5)}),
        ("stat", {"side": "home", "name": "possession", "value": 58}),
        ("stat", {"side": "away", "name": "possession", "value": 40}),
        ("stat", {"side": "home", "name": "corners", "value": 4}),
    )

    assert warnings[2] == ["possession of both sides does not add up to 100"]
    detail = engine.detail(state)
    assert detail["clock"]["stoppage_minutes"] == 3
    assert detail["stats"] == {"home": {"possession": 58, "corners": 4}, "away": {"possession": 40}}
    assert refused(state, "stat", {"side": "home", "name": "xg", "value": 1}) == "unknown_stat"


def test_unknown_kind_and_bad_side_are_refused() -> None:
    state = kicked_off()

    assert refused(state, "corner", {}) == "unknown_event_kind"
    assert refused(state, "goal", {"side": "middle"}) == "invalid_side"
    assert refused(state, "goal", {"side": "home", "at": "noon"}) == "invalid_time"


def test_a_card_to_a_substitute_is_accepted_with_a_warning() -> None:
    state = kicked_off()

    warnings = engine.apply(
        state, kind="card", payload={"side": "home", "player": "h15", "card": "yellow"}
    )

    assert warnings == ["Rovers h15 is not on the pitch (substitute or substituted player)"]


def test_fewer_than_seven_players_warns() -> None:
    state = kicked_off()
    for number in range(1, 5):
        play(state, ("card", {"side": "away", "player": f"a{number}", "card": "red"}))

    warnings = engine.apply(state, kind="card", payload={"side": "away", "player": "a5",
                                                         "card": "red"})  # fmt: skip

    assert warnings == ["away have fewer than 7 players: the match cannot continue"]
