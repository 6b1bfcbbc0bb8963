"""The formats a scorer picks for a cricket competition instead of typing rules.

Each is the `Competition.rules` keys the engine reads (scoring/rules/cricket/rules.py). An
empty rules object means unlimited overs, which a one-day chase must never silently get."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The keys a format sets; anything else in a competition's rules (standings …) is kept.
FORMAT_KEYS = (
    "overs_per_innings",
    "balls_per_over",
    "innings_per_side",
    "max_overs_per_bowler",
    "max_consecutive_overs",
    "free_hit",
    "follow_on_lead",
    "players_per_side",
)


@dataclass(frozen=True)
class Format:
    label: str
    rules: dict[str, Any] = field(default_factory=dict)


FORMATS: dict[str, Format] = {
    "t20": Format("T20 (20 overs, 4 per bowler)", {
        "overs_per_innings": 20, "max_overs_per_bowler": 4, "free_hit": True,
    }),
    "odi": Format("One-day (50 overs, 10 per bowler)", {
        "overs_per_innings": 50, "max_overs_per_bowler": 10, "free_hit": True,
    }),
    "test": Format("Test / first-class (two innings, follow-on at 200)", {
        "innings_per_side": 2, "follow_on_lead": 200,
    }),
    "hundred": Format("The Hundred (100 balls, sets of 5, 20 per bowler)", {
        "overs_per_innings": 20, "balls_per_over": 5, "max_overs_per_bowler": 4,
        "max_consecutive_overs": 2, "free_hit": True,
    }),
    "t10": Format("T10 (10 overs, 2 per bowler)", {
        "overs_per_innings": 10, "max_overs_per_bowler": 2, "free_hit": True,
    }),
    "club_40": Format("Club 40-over (8 per bowler)", {
        "overs_per_innings": 40, "max_overs_per_bowler": 8,
    }),
}  # fmt: skip
CUSTOM = "custom"


# What the engine assumes for a key a competition does not set (rules.rules_from_setup).
DEFAULTS: dict[str, Any] = {
    "overs_per_innings": None,
    "balls_per_over": 6,
    "innings_per_side": 1,
    "max_overs_per_bowler": None,
    "max_consecutive_overs": 1,
    "free_hit": False,
    "follow_on_lead": None,
    "players_per_side": 11,
}


def format_rules(key: str) -> dict[str, Any]:
    """A preset's rules with every format key spelled out."""
    return {**DEFAULTS, **FORMATS[key].rules}


def format_of(rules: Mapping[str, Any]) -> str:
    """Which preset a competition's rules are, or CUSTOM."""
    chosen = {key: rules.get(key, DEFAULTS[key]) for key in FORMAT_KEYS}
    if chosen["innings_per_side"] == 2 and chosen["follow_on_lead"] is None:
        chosen["follow_on_lead"] = 200  # the engine's default for two innings
    for key in FORMATS:
        if chosen == format_rules(key):
            return key
    return CUSTOM
