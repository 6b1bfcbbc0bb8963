"""The state of one football match, kept JSON-shaped so dump/load is a plain copy.

Player ids are opaque (int or str) and only ever stored as values, never as dict keys,
so a JSON round trip gives back an equal state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scoring.rules.contract import PlayerRef, RuleCode, RuleViolation

SIDES = ("home", "away")
PERIODS = (
    "first_half",
    "second_half",
    "extra_time_first",
    "extra_time_second",
    "penalty_shootout",
)
PLAYING_PERIODS = PERIODS[:4]
EXTRA_TIME_PERIODS = ("extra_time_first", "extra_time_second")

DEFAULT_RULES: dict[str, Any] = {
    "players_per_side": 11,
    "min_players": 7,
    "max_bench": None,
    "period_minutes": 45,
    "extra_time_minutes": 15,
    "has_extra_time": False,
    "has_shootout": False,
    "max_substitutions": 5,
    "max_windows": 3,
    "extra_time_extra_substitution": True,
    "window_seconds": 120,
}


@dataclass
class MatchState:
    home: dict[str, Any]
    away: dict[str, Any]
    rules: dict[str, Any]
    # scheduled -> in_play <-> break -> finished
    status: str = "scheduled"
    period: str | None = None
    periods: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    lineups: dict[str, Any] = field(default_factory=lambda: {"home": None, "away": None})
    # Players on the field by lineups and substitutions; send-offs are derived from cards.
    on_field: dict[str, list[PlayerRef]] = field(default_factory=lambda: {"home": [], "away": []})
    substituted_off: dict[str, list[PlayerRef]] = field(
        default_factory=lambda: {"home": [], "away": []}
    )
    stats: dict[str, dict[str, int]] = field(default_factory=lambda: {"home": {}, "away": {}})
    result: dict[str, Any] | None = None
    shootout_eligible: dict[str, list[PlayerRef]] | None = None

    def team(self, side: str) -> dict[str, Any]:
        return self.home if side == "home" else self.away


def other(side: str) -> str:
    return "away" if side == "home" else "home"


def require_side(payload: Any) -> str:
    side = payload.get("side")
    if side not in SIDES:
        raise RuleViolation(RuleCode.INVALID_SIDE, f"side must be 'home' or 'away', not {side!r}")
    return side


def optional_at(payload: Any) -> float | None:
    at = payload.get("at")
    if at is None:
        return None
    if isinstance(at, bool) or not isinstance(at, int | float):
        raise RuleViolation(RuleCode.INVALID_TIME, f"'at' must be epoch seconds, not {at!r}")
    return float(at)


def non_negative_int(payload: Any, key: str, *, code: RuleCode = RuleCode.INVALID_VALUE) -> int:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleViolation(code, f"{key!r} must be a non-negative integer, not {value!r}")
    return value


def live_entries(state: MatchState, kind: str | None = None) -> list[dict[str, Any]]:
    """Timeline entries not cancelled by VAR, optionally of one kind."""
    return [
        entry
        for entry in state.timeline
        if not entry.get("cancelled") and (kind is None or entry["kind"] == kind)
    ]


def squad(state: MatchState, side: str) -> list[PlayerRef] | None:
    """Everyone who may take part for a side, or None when nobody is known."""
    lineup = state.lineups[side]
    if lineup is not None:
        return [*lineup["starting"], *lineup["bench"]]
    players = state.team(side)["players"]
    if players:
        return [player["id"] for player in players]
    return None


def check_ref(state: MatchState, payload: Any) -> None:
    ref = payload.get("ref")
    if ref is None:
        return
    if isinstance(ref, bool) or not isinstance(ref, int | str):
        raise RuleViolation(
            RuleCode.INVALID_REF, f"'ref' must be a string or an integer, not {ref!r}"
        )
    if any(entry["ref"] == ref for entry in state.timeline):
        raise RuleViolation(
            RuleCode.DUPLICATE_REF, f"an event with ref {ref!r} is already recorded"
        )


def record(state: MatchState, payload: Any, entry: dict[str, Any]) -> dict[str, Any]:
    """Append a timeline entry under the client's `ref`, or "<kind>-<position>" if none."""
    ref = payload.get("ref")
    if ref is None:
        ref = f"{entry['kind']}-{len(state.timeline) + 1}"
    entry = {"ref": ref, **entry, "cancelled": False}
    state.timeline.append(entry)
    return entry
