"""Periods of play (Law 7), added time, full time and results entered without events."""

from __future__ import annotations

from typing import Any

from scoring.rules.contract import RuleCode, RuleViolation
from scoring.rules.football import clock, shootout
from scoring.rules.football.goals import score
from scoring.rules.football.state import (
    PERIODS,
    MatchState,
    live_entries,
    non_negative_int,
    optional_at,
    record,
)

RESULT_STATUSES = ("played", "awarded")


def is_level(state: MatchState) -> bool:
    """Level on the day, or on aggregate when earlier legs are given in the rules."""
    goals = score(state)
    earlier = state.rules.get("aggregate_before") or {"home": 0, "away": 0}
    return goals["home"] + earlier["home"] == goals["away"] + earlier["away"]


def next_period(state: MatchState) -> str | None:
    """The period the Laws and the competition allow next, or None when the match is over."""
    if not state.periods:
        return "first_half"
    last = state.periods[-1]["name"]
    if last == "first_half":
        return "second_half"
    if last == "extra_time_first":
        return "extra_time_second"
    if last == "penalty_shootout" or not is_level(state):
        return None
    if last == "second_half" and state.rules["has_extra_time"]:
        return "extra_time_first"
    if state.rules["has_shootout"]:
        return "penalty_shootout"
    return None


def apply_period_start(state: MatchState, payload: Any) -> list[str]:
    period = payload.get("period")
    at = optional_at(payload)
    if period not in PERIODS:
        raise RuleViolation(
            RuleCode.INVALID_PERIOD, f"period must be one of {PERIODS}, not {period!r}"
        )
    if state.status == "in_play":
        raise RuleViolation(RuleCode.PERIOD_IN_PROGRESS, f"{state.period} has not ended")
    if period == "penalty_shootout" and not state.rules["has_shootout"]:
        raise RuleViolation(RuleCode.NO_SHOOTOUT, "this match has no penalty shoot-out")
    if period.startswith("extra_time") and not state.rules["has_extra_time"]:
        raise RuleViolation(RuleCode.NO_EXTRA_TIME, "this match has no extra time")
    expected = next_period(state)
    if period != expected:
        raise RuleViolation(
            RuleCode.PERIOD_ORDER, f"{period} cannot start now (next: {expected or 'nothing'})"
        )
    state.periods.append(
        {"name": period, "started_at": at, "ended_at": None, "stoppage_minutes": None}
    )
    state.period = period
    state.status = "in_play"
    if period == "penalty_shootout":
        shootout.start(state)
    _record_marker(state, payload, "period_start", period)
    return []


def apply_period_end(state: MatchState, payload: Any) -> list[str]:
    at = optional_at(payload)
    if state.status != "in_play":
        raise RuleViolation(RuleCode.NOT_IN_PLAY, "no period is in play")
    period = payload.get("period", state.period)
    if period != state.period:
        raise RuleViolation(RuleCode.PERIOD_ORDER, f"{state.period} is in play, not {period}")
    if period == "penalty_shootout" and shootout.winner(state) is None:
        raise RuleViolation(RuleCode.SHOOTOUT_UNDECIDED, "the shoot-out is not decided yet")
    _record_marker(state, payload, "period_end", period)
    state.periods[-1]["ended_at"] = at
    state.status = "break"
    return []


def apply_stoppage_time(state: MatchState, payload: Any) -> list[str]:
    minutes = non_negative_int(payload, "minutes", code=RuleCode.INVALID_STOPPAGE_TIME)
    if state.status != "in_play" or state.period == "penalty_shootout":
        raise RuleViolation(RuleCode.NOT_IN_PLAY, "added time is announced during a period of play")
    state.periods[-1]["stoppage_minutes"] = minutes
    stamped, warnings = clock.stamp(state, payload)
    record(state, payload, {"kind": "stoppage_time", "side": None, "minutes": minutes, **stamped})
    return warnings


def apply_full_time(state: MatchState, payload: Any) -> list[str]:
    optional_at(payload)
    if state.status == "scheduled":
        raise RuleViolation(RuleCode.NOT_STARTED, "the match has not kicked off")
    if state.period in ("first_half", "extra_time_first"):
        raise RuleViolation(RuleCode.PERIOD_ORDER, f"the match cannot end after {state.period}")
    if state.period == "penalty_shootout" and shootout.winner(state) is None:
        raise RuleViolation(RuleCode.SHOOTOUT_UNDECIDED, "the shoot-out is not decided yet")
    if next_period(state) is not None:
        raise RuleViolation(
            RuleCode.TIE_UNRESOLVED, f"the score is level: {next_period(state)} must be played"
        )
    if state.status == "in_play":
        state.periods[-1]["ended_at"] = payload.get("at")
    _record_marker(state, payload, "full_time", state.period)
    state.status = "finished"
    return []


def apply_result(state: MatchState, payload: Any) -> list[str]:
    """A final score without events (feeds, season imports), which finishes the match."""
    home = non_negative_int(payload, "home", code=RuleCode.INVALID_SCORE)
    away = non_negative_int(payload, "away", code=RuleCode.INVALID_SCORE)
    status = payload.get("status", "played")
    if status not in RESULT_STATUSES:
        raise RuleViolation(RuleCode.INVALID_STATUS, f"status must be one of {RESULT_STATUSES}")
    parts = {key: _score_pair(payload, key) for key in ("ht", "ft", "penalties")}
    penalties = parts["penalties"]
    # The second leg of a two-legged tie names the earlier legs' goals (this match's
    # home side first), unless the competition's rules already give them.
    earlier = (
        _score_pair(payload, "aggregate_before")
        or state.rules.get("aggregate_before")
        or {"home": 0, "away": 0}
    )
    if penalties is not None and penalties["home"] == penalties["away"]:
        raise RuleViolation(RuleCode.INVALID_SCORE, "a shoot-out cannot end level")
    if penalties is not None and home + earlier["home"] != away + earlier["away"]:
        raise RuleViolation(RuleCode.INVALID_SCORE, "a shoot-out follows a level score")
    recorded = {"home": 0, "away": 0}
    for goal in live_entries(state, "goal"):
        recorded[goal["side"]] += 1
    if any(recorded.values()) and recorded != {"home": home, "away": away}:
        raise RuleViolation(
            RuleCode.RESULT_MISMATCH,
            f"recorded goals make {recorded['home']}-{recorded['away']}, not {home}-{away}",
        )
    state.result = {
        "home": home,
        "away": away,
        **parts,
        "after_extra_time": bool(payload.get("after_extra_time", False)),
        "status": status,
    }
    _record_marker(state, payload, "result", state.period)
    state.status = "finished"
    return []


def _score_pair(payload: Any, key: str) -> dict[str, int] | None:
    pair = payload.get(key)
    if pair is None:
        return None
    if not isinstance(pair, dict):
        raise RuleViolation(RuleCode.INVALID_SCORE, f"{key!r} must be {{'home': n, 'away': n}}")
    return {
        "home": non_negative_int(pair, "home", code=RuleCode.INVALID_SCORE),
        "away": non_negative_int(pair, "away", code=RuleCode.INVALID_SCORE),
    }


def _record_marker(state: MatchState, payload: Any, kind: str, period: str | None) -> None:
    stamped = {
        "at": payload.get("at"),
        "period": period,
        "in_play": False,
        "minute": None,
        "added": None,
        "clock_seconds": None,
        "display": "",
    }
    record(state, payload, {"kind": kind, "side": None, **stamped})
