"""The match clock, computed from when each period started, never typed by a scorer.

Minutes are shown the way broadcasters do: the first minute of a match is 1', and time
played beyond a period's length is added time on top of the period's end ("45+2'").
"""

from __future__ import annotations

from typing import Any

from scoring.rules.contract import RuleCode, RuleViolation
from scoring.rules.football.state import EXTRA_TIME_PERIODS, MatchState

BREAK_LABELS = {
    "first_half": "HT",
    "second_half": "FT",
    "extra_time_first": "ET HT",
    "extra_time_second": "AET",
    "penalty_shootout": "PENS",
}


def period_bounds(rules: dict[str, Any], period: str) -> tuple[int, int]:
    """(minutes played before the period starts, the period's length in minutes)."""
    half = rules["period_minutes"]
    extra = rules["extra_time_minutes"]
    return {
        "first_half": (0, half),
        "second_half": (half, half),
        "extra_time_first": (2 * half, extra),
        "extra_time_second": (2 * half + extra, extra),
    }.get(period, (2 * half + 2 * extra, 0))


def format_minute(period: str | None, minute: int, added: int | None) -> str:
    text = f"{minute}+{added}'" if added else f"{minute}'"
    return f"ET {text}" if period in EXTRA_TIME_PERIODS else text


def minute_at(state: MatchState, period: str, elapsed: float) -> tuple[int, int | None]:
    base, length = period_bounds(state.rules, period)
    played = int(max(elapsed, 0.0) // 60) + 1
    if played > length:
        return base + length, played - length
    return base + played, None


def stamp(state: MatchState, payload: Any) -> tuple[dict[str, Any], list[str]]:
    """When an event happened: explicit minute (and added) wins, else derived from `at`."""
    at = payload.get("at")
    warnings: list[str] = []
    period = state.period if state.status == "in_play" else None
    stamped: dict[str, Any] = {
        "at": at,
        "period": state.period,
        "in_play": state.status == "in_play",
        "minute": None,
        "added": None,
        "clock_seconds": None,
        "display": BREAK_LABELS.get(state.period or "", "") if state.status == "break" else "",
    }
    if payload.get("minute") is not None:
        minute, added = _explicit_minute(payload)
        stamped.update(minute=minute, added=added, display=format_minute(period, minute, added))
        return stamped, warnings
    if period is None or period == "penalty_shootout" or at is None:
        return stamped, warnings
    started_at = state.periods[-1]["started_at"]
    if started_at is None:
        return stamped, warnings
    elapsed = at - started_at
    if elapsed < 0:
        warnings.append("event time is before the period started; shown at its first minute")
        elapsed = 0.0
    minute, added = minute_at(state, period, elapsed)
    base, _ = period_bounds(state.rules, period)
    stamped.update(
        minute=minute,
        added=added,
        clock_seconds=base * 60 + elapsed,
        display=format_minute(period, minute, added),
    )
    return stamped, warnings


def _explicit_minute(payload: Any) -> tuple[int, int | None]:
    minute = payload.get("minute")
    added = payload.get("added")
    for key, value in (("minute", minute), ("added", added)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise RuleViolation(
                RuleCode.INVALID_MINUTE, f"{key!r} must be an integer, not {value!r}"
            )
    if minute < 0 or (added is not None and added < 0):
        raise RuleViolation(RuleCode.INVALID_MINUTE, "minute and added time cannot be negative")
    return minute, added or None


def match_clock(state: MatchState, now: float) -> str:
    """What the scoreboard shows at `now` (epoch seconds): "37'", "45+2'", "ET 105'", "HT", "FT".

    Before kick-off it is "" (nothing to show).
    """
    if state.status == "finished":
        return "FT"
    if state.status == "scheduled" or state.period is None:
        return ""
    if state.status == "break":
        return BREAK_LABELS[state.period]
    if state.period == "penalty_shootout":
        return "PENS"
    started_at = state.periods[-1]["started_at"]
    elapsed = 0.0 if started_at is None else now - started_at
    minute, added = minute_at(state, state.period, elapsed)
    return format_minute(state.period, minute, added)
