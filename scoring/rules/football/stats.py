"""Team statistics typed by a scorer or a feed; the latest value for a name wins."""

from __future__ import annotations

from typing import Any

from scoring.rules.contract import RuleCode, RuleViolation
from scoring.rules.football.state import MatchState, non_negative_int, other, require_side

STAT_NAMES = (
    "possession",
    "shots",
    "shots_on_target",
    "corners",
    "fouls",
    "offsides",
    "saves",
)


def apply_stat(state: MatchState, payload: Any) -> list[str]:
    side = require_side(payload)
    name = payload.get("name")
    if name not in STAT_NAMES:
        raise RuleViolation(
            RuleCode.UNKNOWN_STAT, f"stat must be one of {STAT_NAMES}, not {name!r}"
        )
    value = non_negative_int(payload, "value", code=RuleCode.INVALID_STAT)
    if name == "possession" and value > 100:
        raise RuleViolation(RuleCode.INVALID_STAT, "possession is a percentage (0-100)")
    warnings = []
    opponent = state.stats[other(side)]
    if name == "possession" and "possession" in opponent and opponent["possession"] + value != 100:
        warnings.append("possession of both sides does not add up to 100")
    if name == "shots_on_target" and value > state.stats[side].get("shots", value):
        warnings.append("more shots on target than shots")
    state.stats[side][name] = value
    return warnings
