"""The 2019-20 Premier League file dates matchdays 32-38 (June-July 2020, after the pause)
in July 2019; the reader mends the year, so the demo's form column is right (issue 20)."""

import datetime

import pytest

from matches.demo import FOOTBALL_SEASON_FILE
from scoring.formats.openfootball import load_season
from scoring.imports.season import openfootball_season_import
from scoring.models import EventSource
from scoring.selectors import standings_table_get


def test_the_restarted_rounds_are_dated_2020_and_nothing_else_moves():
    raw = load_season(FOOTBALL_SEASON_FILE)
    late = [
        fixture
        for fixture in raw.fixtures
        if fixture.round in {f"Matchday {n}" for n in range(32, 39)}
    ]
    assert len(late) == 70
    assert all(
        datetime.date(2020, 6, 1) <= fixture.date <= datetime.date(2020, 7, 31) for fixture in late
    )
    assert min(fixture.date for fixture in raw.fixtures) == datetime.date(2019, 8, 9)


@pytest.mark.django_db
def test_liverpools_form_is_their_last_five_results_as_played():
    season = openfootball_season_import(
        season=load_season(FOOTBALL_SEASON_FILE), source=EventSource.DEMO
    )
    table = standings_table_get(competition=season.competition)
    liverpool = next(row for row in table.rows if "Liverpool" in str(row["team"]))
    assert liverpool["points"] == 99
    # Matchdays 34-38, oldest first: 3-1 at Brighton, 1-1 Burnley, 2-1 at Arsenal,
    # 5-3 Chelsea, 3-1 at Newcastle (it read W L W D W with the 2019 dates).
    assert liverpool["form"] == ["W", "D", "L", "W", "W"]
