"""League table settings a scorer picks for a football competition instead of typing JSON:
points, tie-breakers and zones as each league's regulations set them.

The tie-breakers are checked against the official final tables of the shared seasons
(tests/standings/test_official_tables.py); zones are the usual places for Europe,
promotion, play-offs and relegation (they vary a little with cup winners)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

THREE_POINTS = {"win": 3, "draw": 1, "loss": 0}


def _zones(*spans: tuple[str, int, int]) -> list[dict[str, Any]]:
    return [{"name": name, "from": first, "to": last} for name, first, last in spans]


@dataclass(frozen=True)
class League:
    label: str
    settings: dict[str, Any]


LEAGUES: dict[str, League] = {
    "premier_league": League(
        "Premier League",
        {
            "points": THREE_POINTS,
            "tie_breakers": ["goal_difference", "goals_for"],
            "zones": _zones(
                ("Champions League", 1, 4), ("Europa League", 5, 5), ("Relegation", 18, 20)
            ),
        },
    ),
    "championship": League(
        "EFL Championship",
        {
            "points": THREE_POINTS,
            "tie_breakers": ["goal_difference", "goals_for"],
            "zones": _zones(("Promotion", 1, 2), ("Play-offs", 3, 6), ("Relegation", 22, 24)),
            "excluded_stages": ["Playoffs", "Play-offs"],
        },
    ),
    "la_liga": League(
        "La Liga",
        {
            "points": THREE_POINTS,
            "tie_breakers": ["head_to_head", "goal_difference", "goals_for"],
            "zones": _zones(
                ("Champions League", 1, 4), ("Europa League", 5, 6), ("Relegation", 18, 20)
            ),
        },
    ),
    "serie_a": League(
        "Serie A",
        {
            "points": THREE_POINTS,
            "tie_breakers": ["head_to_head", "goal_difference", "goals_for"],
            "zones": _zones(
                ("Champions League", 1, 4), ("Europa League", 5, 6), ("Relegation", 18, 20)
            ),
        },
    ),
    "bundesliga": League(
        "Bundesliga",
        {
            "points": THREE_POINTS,
            "tie_breakers": ["goal_difference", "goals_for", "head_to_head"],
            "zones": _zones(
                ("Champions League", 1, 4),
                ("Europa League", 5, 6),
                ("Relegation play-off", 16, 16),
                ("Relegation", 17, 18),
            ),
        },
    ),
    "ligue_1": League(
        "Ligue 1",
        {
            "points": THREE_POINTS,
            "tie_breakers": ["head_to_head", "goal_difference", "goals_for"],
            "zones": _zones(
                ("Champions League", 1, 3), ("Europa League", 4, 5), ("Relegation", 19, 20)
            ),
        },
    ),
}
CUSTOM = "custom"


def league_of(settings: dict[str, Any]) -> str:
    """Which preset a competition's standings settings are (deductions aside), or CUSTOM."""
    compared = {key: value for key, value in settings.items() if key != "deductions"}
    for key, league in LEAGUES.items():
        if compared == league.settings:
            return key
    return CUSTOM
