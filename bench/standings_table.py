"""Time to compute a 20-team, 380-match league table (pure Python, no database).

Run: python bench/standings_table.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.standings.football import MatchResult, standings_table

SETTINGS = {
    "goal difference, goals": {"tie_breakers": ["goal_difference", "goals_for"]},
    "head-to-head first": {"tie_breakers": ["head_to_head", "goal_difference", "goals_for"]},
    "points per match, h2h": {
        "ranking": "points_per_match",
        "tie_breakers": ["head_to_head", "goal_difference", "goals_for"],
    },
}


def season(seed: int) -> list[MatchResult]:
    rng = random.Random(seed)
    teams = [f"Team {number:02}" for number in range(20)]
    return [
        MatchResult(
            home, away, rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4]), rng.choice([0, 0, 1, 1, 2, 3])
        )
        for home in teams
        for away in teams
        if home != away
    ]


def main(repeats: int = 200) -> None:
    results = season(2024)
    assert len(results) == 380
    print(
        f"20 teams, {len(results)} matches, {repeats} runs each (Python {sys.version.split()[0]})"
    )
    for label, settings in SETTINGS.items():
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            standings_table(results, settings=settings)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        print(
            f"  {label:<24} median {statistics.median(timings):6.2f} ms   "
            f"p95 {timings[int(len(timings) * 0.95)]:6.2f} ms   max {timings[-1]:6.2f} ms"
        )


if __name__ == "__main__":
    main()
