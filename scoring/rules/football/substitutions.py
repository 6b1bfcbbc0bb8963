"""Substitutions (Law 3): how many, and in how many stoppages ("windows").

Substitutions made at half-time, before extra time or at its half-time use no window.
In extra time each side gets one more substitution and one more window, as IFAB allows
competitions to decide (`extra_time_extra_substitution`).
"""

from __future__ import annotations

from typing import Any

from scoring.rules.contract import PlayerRef, RuleCode, RuleViolation
from scoring.rules.football import clock
from scoring.rules.football.discipline import is_sent_off, player_name, require_playing
from scoring.rules.football.state import (
    EXTRA_TIME_PERIODS,
    MatchState,
    live_entries,
    record,
    require_side,
    squad,
)

# Anything but a substitution between two substitutions means play restarted in between.
WINDOW_BREAKERS = frozenset(
    {"goal", "card", "penalty_missed", "var", "period_start", "period_end", "shootout_kick"}
)


def limits(state: MatchState) -> tuple[int | None, int | None]:
    """(substitutions allowed, windows allowed) per side at this point of the match."""
    substitutions = state.rules["max_substitutions"]
    windows = state.rules["max_windows"]
    in_extra_time = any(period["name"] in EXTRA_TIME_PERIODS for period in state.periods)
    if in_extra_time and state.rules["extra_time_extra_substitution"]:
        substitutions = None if substitutions is None else substitutions + 1
        windows = None if windows is None else windows + 1
    return substitutions, windows


def apply_substitution(state: MatchState, payload: Any) -> list[str]:
    side = require_side(payload)
    player_off = payload.get("player_off")
    player_on = payload.get("player_on")
    if state.status == "scheduled":
        raise RuleViolation(RuleCode.NOT_STARTED, "before kick-off, change the line-up instead")
    if state.period == "penalty_shootout":
        raise RuleViolation(RuleCode.SHOOTOUT_IN_PROGRESS, "no substitutions during the shoot-out")
    require_playing(state, side, player_off, role="player going off")
    _require_substitute(state, side, player_on, player_off)
    made = [sub for sub in live_entries(state, "substitution") if sub["side"] == side]
    max_substitutions, max_windows = limits(state)
    if max_substitutions is not None and len(made) >= max_substitutions:
        raise RuleViolation(
            RuleCode.SUBSTITUTION_LIMIT, f"{side} have used all {max_substitutions} substitutions"
        )
    stamped, warnings = clock.stamp(state, payload)
    opens_window = state.status == "in_play" and not _continues_window(state, side, stamped)
    windows_used = sum(1 for sub in made if sub["opens_window"])
    if opens_window and max_windows is not None and windows_used >= max_windows:
        raise RuleViolation(
            RuleCode.WINDOW_LIMIT, f"{side} have used all {max_windows} substitution windows"
        )
    if state.lineups[side] is not None:
        field = state.on_field[side]
        field[field.index(player_off)] = player_on
    state.substituted_off[side].append(player_off)
    record(
        state,
        payload,
        {
            "kind": "substitution",
            "side": side,
            "player_off": player_off,
            "player_on": player_on,
            "opens_window": opens_window,
            **stamped,
        },
    )
    return warnings


def _require_substitute(
    state: MatchState, side: str, player_on: Any, player_off: PlayerRef
) -> None:
    if player_on is None:
        raise RuleViolation(RuleCode.MISSING_PLAYER, "the player coming on is required")
    if player_on == player_off:
        raise RuleViolation(RuleCode.INVALID_SUBSTITUTION, "a player cannot replace themselves")
    name = player_name(state, side, player_on)
    if is_sent_off(state, side, player_on):
        raise RuleViolation(RuleCode.SENT_OFF, f"{name} was sent off and cannot come on")
    if player_on in state.substituted_off[side]:
        raise RuleViolation(
            RuleCode.ALREADY_SUBSTITUTED, f"{name} was substituted and cannot return"
        )
    lineup = state.lineups[side]
    if lineup is not None:
        if player_on in state.on_field[side]:
            raise RuleViolation(RuleCode.ALREADY_ON_PITCH, f"{name} is already on the pitch")
        if player_on not in lineup["bench"]:
            raise RuleViolation(
                RuleCode.NOT_ON_BENCH, f"{name} is not a named substitute for {side}"
            )
        return
    known = squad(state, side)
    if known is not None and player_on not in known:
        raise RuleViolation(RuleCode.UNKNOWN_PLAYER, f"{player_on!r} is not in the {side} squad")


def _continues_window(state: MatchState, side: str, stamped: dict[str, Any]) -> bool:
    """Whether this substitution is made at the same stoppage as the side's previous one."""
    for entry in reversed(state.timeline):
        if entry["kind"] in WINDOW_BREAKERS:
            return False
        if entry["kind"] == "substitution" and entry["side"] == side:
            break
    else:
        return False
    if not entry["in_play"] or entry["period"] != stamped["period"]:
        return False
    if entry["clock_seconds"] is not None and stamped["clock_seconds"] is not None:
        gap = abs(stamped["clock_seconds"] - entry["clock_seconds"])
        return gap <= state.rules["window_seconds"]
    if entry["minute"] is not None and stamped["minute"] is not None:
        before = entry["minute"] + (entry["added"] or 0)
        now = stamped["minute"] + (stamped["added"] or 0)
        return abs(now - before) <= 1
    return True
