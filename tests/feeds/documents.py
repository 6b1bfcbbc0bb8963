"""football-data.org v4 documents built in code, for score changes the recordings lack."""

from __future__ import annotations

import json
from typing import Any

COMPETITION = {"id": 2021, "name": "Premier League", "code": "PL", "type": "LEAGUE"}
SEASON = {"id": 2287, "startDate": "2024-08-16", "endDate": "2025-05-25", "currentMatchday": 4}


def fd_match(
    match_id: int,
    *,
    status: str = "TIMED",
    home: tuple[int, str] = (73, "Tottenham Hotspur FC"),
    away: tuple[int, str] = (57, "Arsenal FC"),
    score: tuple[int | None, int | None] = (None, None),
    minute: int | None = None,
    utc_date: str = "2024-09-15T13:00:00Z",
    goals: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    document = {
        "competition": COMPETITION,
        "season": SEASON,
        "id": match_id,
        "utcDate": utc_date,
        "status": status,
        "matchday": 4,
        "stage": "REGULAR_SEASON",
        "homeTeam": {"id": home[0], "name": home[1]},
        "awayTeam": {"id": away[0], "name": away[1]},
        "score": {
            "fullTime": {"home": score[0], "away": score[1]},
            "halfTime": {"home": None, "away": None},
        },
        "minute": minute,
    }
    if goals is not None:
        document["goals"] = goals
    return document


def fd_goal(minute: int, team: tuple[int, str], scorer: tuple[int, str]) -> dict[str, Any]:
    return {
        "minute": minute,
        "injuryTime": None,
        "type": "REGULAR",
        "team": {"id": team[0], "name": team[1]},
        "scorer": {"id": scorer[0], "name": scorer[1]},
        "assist": None,
    }


def fd_list(*matches: dict[str, Any]) -> bytes:
    return json.dumps({"competition": COMPETITION, "matches": list(matches)}).encode()
