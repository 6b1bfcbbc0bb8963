"""Goals, missed penalties and VAR reviews (which cancel a goal or a card)."""

from __future__ import annotations

from typing import Any

from scoring.rules.contract import RuleCode, RuleViolation
from scoring.rules.football import clock
from scoring.rules.football.discipline import player_name, require_playing
from scoring.rules.football.state import (
    PERIODS,
    MatchState,
    live_entries,
    other,
    record,
    require_side,
)

GOAL_KINDS = ("open_play", "penalty", "own_goal")
PENALTY_MISS_OUTCOMES = ("saved", "missed", "woodwork")
VAR_TARGET_KINDS = ("goal", "card")


def score(state: MatchState) -> dict[str, int]:
    """Goals per side so far (after extra time when it was played)."""
    if state.result is not None:
        return {"home": state.result["home"], "away": state.result["away"]}
    tally = {"home": 0, "away": 0}
    for goal in live_entries(state, "goal"):
        tally[goal["side"]] += 1
    return tally


def score_through(state: MatchState, period: str) -> dict[str, int] | None:
    """The score at the end of `period`, or None when it is not known (imported results)."""
    if state.result is not None:
        known = {"first_half": state.result.get("ht"), "second_half": state.result.get("ft")}
        if period in known:
            return known[period] or (None if state.result["after_extra_time"] else score(state))
        return score(state) if state.result["after_extra_time"] else None
    last = PERIODS.index(period)
    tally = {"home": 0, "away": 0}
    for goal in live_entries(state, "goal"):
        if goal["period"] is not None and PERIODS.index(goal["period"]) <= last:
            tally[goal["side"]] += 1
    return tally


def require_ball_in_play(state: MatchState, what: str) -> None:
    if state.status == "scheduled":
        raise RuleViolation(RuleCode.NOT_STARTED, f"a {what} cannot come before kick-off")
    if state.status != "in_play":
        raise RuleViolation(RuleCode.NOT_IN_PLAY, f"a {what} needs a period in play")
    if state.period == "penalty_shootout":
        raise RuleViolation(
            RuleCode.SHOOTOUT_IN_PROGRESS, "kicks from the penalty mark are shootout_kick events"
        )


def apply_goal(state: MatchState, payload: Any) -> list[str]:
    side = require_side(payload)
    kind = payload.get("kind", "open_play")
    if kind not in GOAL_KINDS:
        raise RuleViolation(
            RuleCode.INVALID_GOAL_KIND, f"kind must be one of {GOAL_KINDS}, not {kind!r}"
        )
    require_ball_in_play(state, "goal")
    scorer = payload.get("scorer")
    assist = payload.get("assist")
    # An own goal is credited to `side` but put in by a player of the other side.
    scorer_side = other(side) if kind == "own_goal" else side
    if scorer is not None:
        require_playing(state, scorer_side, scorer, role="scorer")
    if assist is not None:
        if kind == "own_goal":
            raise RuleViolation(RuleCode.INVALID_ASSIST, "an own goal has no assist")
        if assist == scorer:
            raise RuleViolation(RuleCode.INVALID_ASSIST, "a scorer cannot assist their own goal")
        require_playing(state, side, assist, role="assist")
    stamped, warnings = clock.stamp(state, payload)
    record(
        state,
        payload,
        {
            "kind": "goal",
            "side": side,
            "scorer": scorer,
            "scorer_side": scorer_side,
            "assist": assist,
            "goal_kind": kind,
            **stamped,
        },
    )
    return warnings


def apply_penalty_missed(state: MatchState, payload: Any) -> list[str]:
    side = require_side(payload)
    outcome = payload.get("outcome", "missed")
    if outcome not in PENALTY_MISS_OUTCOMES:
        raise RuleViolation(
            RuleCode.INVALID_OUTCOME,
            f"outcome must be one of {PENALTY_MISS_OUTCOMES}, not {outcome!r}",
        )
    require_ball_in_play(state, "penalty")
    player = payload.get("player")
    if player is not None:
        require_playing(state, side, player, role="penalty taker")
    stamped, warnings = clock.stamp(state, payload)
    record(
        state,
        payload,
        {"kind": "penalty_missed", "side": side, "player": player, "outcome": outcome, **stamped},
    )
    return warnings


def apply_var(state: MatchState, payload: Any) -> list[str]:
    """A VAR review that overturns a goal or a card, named by the `ref` it was recorded with."""
    if state.status == "scheduled":
        raise RuleViolation(RuleCode.NOT_STARTED, "there is nothing to review before kick-off")
    target_ref = payload.get("target")
    target = next((entry for entry in state.timeline if entry["ref"] == target_ref), None)
    if target is None:
        raise RuleViolation(RuleCode.UNKNOWN_TARGET, f"no event with ref {target_ref!r}")
    if target["kind"] not in VAR_TARGET_KINDS:
        raise RuleViolation(
            RuleCode.INVALID_TARGET, f"VAR cancels a goal or a card, not a {target['kind']}"
        )
    if target["cancelled"]:
        raise RuleViolation(
            RuleCode.ALREADY_CANCELLED, f"event {target_ref!r} is already cancelled"
        )
    stamped, warnings = clock.stamp(state, payload)
    target["cancelled"] = True
    decision = "goal_cancelled" if target["kind"] == "goal" else "card_cancelled"
    record(
        state,
        payload,
        {
            "kind": "var",
            "side": target["side"],
            "target": target_ref,
            "decision": decision,
            "reason": payload.get("reason"),
            **stamped,
        },
    )
    if decision == "card_cancelled":
        warnings.append(
            f"card for {player_name(state, target['side'], target['player'])} cancelled by VAR"
        )
    return warnings
