"""Every shared season's computed final table equals the official one, row by row.

Settings are what an admin would enter for each competition; the code has no
per-season special cases.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from scoring.formats.openfootball import load_season, table_results
from scoring.standings.football import standings_table
from scoring.standings.presets import LEAGUES

COMPARED = ("position", "played", "won", "drawn", "lost", "goals_for", "goals_against", "points")

# The presets a scorer picks in admin (scoring/standings/presets.py), so the presets are
# what these official tables check.
ENGLISH = LEAGUES["premier_league"].settings
CHAMPIONSHIP = LEAGUES["championship"].settings
SPANISH = LEAGUES["la_liga"].settings
ITALIAN = LEAGUES["serie_a"].settings

# Per competition and season, keyed by the file's stem ("2019-20_en.1").
COMPETITION_SETTINGS = {
    "2019-20_en.1": ENGLISH,
    "2019-20_es.1": SPANISH,
    "2018-19_it.1": {
        **ITALIAN,
        "deductions": [{"team": "Chievo Verona", "points": 3, "reason": "False accounting"}],
    },
    "2018-19_en.2": {
        **CHAMPIONSHIP,
        "deductions": [
            {
                "team": "Birmingham City",
                "points": 9,
                "reason": "EFL profitability and sustainability rules",
            }
        ],
    },
    "2021-22_en.2": {
        **CHAMPIONSHIP,
        "deductions": [
            {"team": "Reading FC", "points": 6, "reason": "Financial irregularities"},
            {"team": "Derby County FC", "points": 21, "reason": "Administration and accounts"},
        ],
    },
    # Stopped by the pandemic and ranked on points per match (LFP, April 2020).
    "2019-20_fr.1": {**LEAGUES["ligue_1"].settings, "ranking": "points_per_match"},
}


def shared_data() -> Path:
    configured = os.environ.get("LIVESCORE_SHARED_DATA")
    if configured:
        return Path(configured)
    beside_repo = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
    if beside_repo.is_dir():
        return beside_repo.resolve()
    return Path("/work/shared/data")


SEASONS = sorted(
    path.name.removesuffix(".json") for path in (shared_data() / "football").glob("*.json")
)


def official_table(stem: str) -> list[dict[str, object]]:
    path = shared_data() / "football" / f"{stem}.table.tsv"
    with path.open(encoding="utf-8", newline="") as table:
        return [
            {"team": row["team"], **{key: int(row[key]) for key in COMPARED}}
            for row in csv.DictReader(table, delimiter="\t")
        ]


def test_every_shared_season_has_settings() -> None:
    assert SEASONS
    assert set(SEASONS) <= set(COMPETITION_SETTINGS), "configure the new season's competition"


@pytest.mark.parametrize("stem", SEASONS)
def test_computed_table_equals_official_table(stem: str) -> None:
    season = load_season(shared_data() / "football" / f"{stem}.json")

    rows = standings_table(table_results(season), settings=COMPETITION_SETTINGS[stem])

    computed = [{"team": row["team"], **{key: row[key] for key in COMPARED}} for row in rows]
    assert computed == official_table(stem)


def test_deductions_and_awarded_results_show_in_rows() -> None:
    season = load_season(shared_data() / "football" / "2018-19_en.2.json")

    rows = {
        row["team"]: row
        for row in standings_table(
            table_results(season), settings=COMPETITION_SETTINGS["2018-19_en.2"]
        )
    }

    assert rows["Birmingham City"]["deductions"] == [
        {"points": 9, "reason": "EFL profitability and sustainability rules"}
    ]
    assert rows["Bolton Wanderers"]["awarded"] == [
        {"opponent": "Brentford FC", "venue": "home", "score": "0-1"}
    ]
    assert rows["Brentford FC"]["awarded"] == [
        {"opponent": "Bolton Wanderers", "venue": "away", "score": "0-1"}
    ]


def test_play_off_matches_stay_out_of_the_table() -> None:
    season = load_season(shared_data() / "football" / "2021-22_en.2.json")

    results = table_results(season)

    assert len(results) == 552
    assert len(season.fixtures) == 557
