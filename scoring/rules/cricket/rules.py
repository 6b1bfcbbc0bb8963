"""Format rules a competition sets, read from `MatchSetup.rules`.

Keys (all optional): balls_per_over (6), overs_per_innings (None = unlimited),
innings_per_side (1 or 2), max_overs_per_bowler (None), max_consecutive_overs (1; The
Hundred lets a bowler bowl two five-ball sets in a row), free_hit (False),
follow_on_lead (200 when innings_per_side is 2), players_per_side (11),
super_over_wickets (2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from scoring.rules.contract import RuleCode, RuleViolation


@dataclass(frozen=True)
class Rules:
    balls_per_over: int = 6
    overs_per_innings: int | None = None
    innings_per_side: int = 1
    max_overs_per_bowler: int | None = None
    max_consecutive_overs: int = 1
    free_hit: bool = False
    follow_on_lead: int | None = None
    players_per_side: int = 11
    super_over_wickets: int = 2

    @property
    def is_limited_overs(self) -> bool:
        return self.overs_per_innings is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _positive_int(raw: Mapping[str, Any], key: str, default: int | None) -> int | None:
    value = raw.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RuleViolation(RuleCode.INVALID_RULES, f"rules.{key} must be a positive integer")
    return value


def rules_from_setup(raw: Mapping[str, Any]) -> Rules:
    innings_per_side = _positive_int(raw, "innings_per_side", 1)
    if innings_per_side not in (1, 2):
        raise RuleViolation(RuleCode.INVALID_RULES, "rules.innings_per_side must be 1 or 2")
    default_follow_on = 200 if innings_per_side == 2 else None
    return Rules(
        balls_per_over=_positive_int(raw, "balls_per_over", 6) or 6,
        overs_per_innings=_positive_int(raw, "overs_per_innings", None),
        innings_per_side=innings_per_side,
        max_overs_per_bowler=_positive_int(raw, "max_overs_per_bowler", None),
        max_consecutive_overs=_positive_int(raw, "max_consecutive_overs", 1) or 1,
        free_hit=bool(raw.get("free_hit", False)),
        follow_on_lead=_positive_int(raw, "follow_on_lead", default_follow_on),
        players_per_side=_positive_int(raw, "players_per_side", 11) or 11,
        super_over_wickets=_positive_int(raw, "super_over_wickets", 2) or 2,
    )


def rules_from_dict(raw: Mapping[str, Any]) -> Rules:
    return Rules(**raw)


def parse_overs(value: Any, balls_per_over: int) -> int:
    """Cricket notation "O.B" (or 5.5 as Cricsheet writes it) to a number of balls."""
    if isinstance(value, bool):
        raise RuleViolation(RuleCode.INVALID_OVERS, "overs must be a number like 17 or '5.5'")
    text = str(value)
    whole, _, part = text.partition(".")
    try:
        overs = int(whole)
        balls = int(part) if part else 0
    except ValueError:
        raise RuleViolation(
            RuleCode.INVALID_OVERS, f"overs {value!r} is not like 17 or '5.5'"
        ) from None
    if overs < 0 or not 0 <= balls < balls_per_over:
        raise RuleViolation(RuleCode.INVALID_OVERS, f"overs {value!r} is out of range")
    return overs * balls_per_over + balls


def format_overs(balls: int, balls_per_over: int) -> str:
    overs, rest = divmod(balls, balls_per_over)
    return f"{overs}.{rest}" if rest else str(overs)
