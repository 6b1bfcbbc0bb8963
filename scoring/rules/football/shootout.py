"""Kicks from the penalty mark (Law 10): five each, then sudden death.

Teams alternate; a player may not kick a second time until every eligible team-mate
(on the field at the end of play and not sent off) has kicked once.
"""

from __future__ import annotations

from typing import Any

from scoring.rules.contract import RuleCode, RuleViolation
from scoring.rules.football.discipline import on_pitch, player_name, require_playing
from scoring.rules.football.state import MatchState, live_entries, other, record, require_side

ROUNDS = 5


def kicks(state: MatchState) -> list[dict[str, Any]]:
    return live_entries(state, "shootout_kick")


def tally(state: MatchState) -> dict[str, int]:
    result = state.result or {}
    if result.get("penalties"):
        return dict(result["penalties"])
    scored = {"home": 0, "away": 0}
    for kick in kicks(state):
        scored[kick["side"]] += 1 if kick["scored"] else 0
    return scored


def winner(state: MatchState) -> str | None:
    """The side that has won the shoot-out, or None while it is undecided."""
    if state.result is not None:
        penalties = state.result.get("penalties")
        if not penalties or penalties["home"] == penalties["away"]:
            return None
        return "home" if penalties["home"] > penalties["away"] else "away"
    taken = {"home": 0, "away": 0}
    for kick in kicks(state):
        taken[kick["side"]] += 1
    scored = tally(state)
    if taken["home"] <= ROUNDS and taken["away"] <= ROUNDS:
        for side in ("home", "away"):
            still_to_take = ROUNDS - taken[other(side)]
            if scored[other(side)] + still_to_take < scored[side]:
                return side
        return None
    if taken["home"] == taken["away"] and scored["home"] != scored["away"]:
        return "home" if scored["home"] > scored["away"] else "away"
    return None


def start(state: MatchState) -> None:
    state.shootout_eligible = {
        side: on_pitch(state, side) if state.lineups[side] is not None else []
        for side in state.on_field
    }


def apply_kick(state: MatchState, payload: Any) -> list[str]:
    side = require_side(payload)
    scored = payload.get("scored")
    if not isinstance(scored, bool):
        raise RuleViolation(RuleCode.INVALID_KICK, "'scored' must be true or false")
    if not state.rules["has_shootout"]:
        raise RuleViolation(RuleCode.NO_SHOOTOUT, "this match has no penalty shoot-out")
    if state.period != "penalty_shootout" or state.status != "in_play":
        raise RuleViolation(RuleCode.SHOOTOUT_NOT_STARTED, "the penalty shoot-out has not started")
    if winner(state) is not None:
        raise RuleViolation(RuleCode.SHOOTOUT_DECIDED, "the shoot-out is already decided")
    _require_turn(state, side)
    player = payload.get("player")
    if player is not None:
        _require_kicker(state, side, player)
    record(
        state,
        payload,
        {
            "kind": "shootout_kick",
            "side": side,
            "player": player,
            "scored": scored,
            "at": payload.get("at"),
            "period": "penalty_shootout",
            "in_play": True,
            "minute": None,
            "added": None,
            "clock_seconds": None,
            "display": "PENS",
        },
    )
    return []


def _require_turn(state: MatchState, side: str) -> None:
    taken = {"home": 0, "away": 0}
    for kick in kicks(state):
        taken[kick["side"]] += 1
    if not kicks(state):
        return
    first = kicks(state)[0]["side"]
    taken[side] += 1
    lead = taken[first] - taken[other(first)]
    if lead not in (0, 1):
        raise RuleViolation(RuleCode.KICK_ORDER, f"it is not {side}'s turn to kick")


def _require_kicker(state: MatchState, side: str, player: Any) -> None:
    require_playing(state, side, player, role="kicker")
    eligible = [
        p for p in (state.shootout_eligible or {}).get(side, []) if p in on_pitch(state, side)
    ]
    if not eligible:
        return
    if player not in eligible:
        raise RuleViolation(
            RuleCode.NOT_ELIGIBLE,
            f"{player_name(state, side, player)} was not on the pitch at the end of play",
        )
    taken = {p: 0 for p in eligible}
    for kick in kicks(state):
        if kick["side"] == side and kick["player"] in taken:
            taken[kick["player"]] += 1
    if taken[player] > min(taken.values()):
        raise RuleViolation(
            RuleCode.KICKER_REPEAT,
            f"{player_name(state, side, player)} cannot kick again until every team-mate has",
        )
