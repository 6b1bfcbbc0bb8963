"""One league table: the competition page and the table API show the same computation
(scoring.selectors.standings_table_get), for deductions, awarded results and live matches."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient
from selectolax.lexbor import LexborHTMLParser

from matches import read_cache
from matches.models import Competition, PointsDeduction
from scoring import services
from scoring.models import EventSource
from scoring.selectors import standings_table_get
from tests.factories import MatchFactory, TeamFactory
from tests.pages import scenarios

pytestmark = pytest.mark.django_db

SYSTEM = {"source": EventSource.SYSTEM}


def play(match, home: int, away: int, **extra) -> None:
    services.match_transition(match_id=match.pk, to_status="live", **SYSTEM)
    services.event_record(
        match_id=match.pk, kind="result", payload={"home": home, "away": away, **extra}, **SYSTEM
    )
    services.match_transition(match_id=match.pk, to_status="finished", **SYSTEM)


def page_points(competition: Competition) -> dict[int, int]:
    response = Client().get(f"/competitions/{competition.pk}/")
    assert response.status_code == 200
    tree = LexborHTMLParser(response.content.decode())
    rows = tree.css("table.league tbody tr[data-team]")
    assert rows, "the page shows no table"
    return {
        int(row.attributes["data-team"]): int(row.css_first("td strong").text()) for row in rows
    }


def api_points(competition: Competition) -> dict[int, int]:
    # The page counts live matches as they stand: the API's live table.
    response = APIClient().get(f"/api/v1/competitions/{competition.pk}/table/", {"live": 1})
    assert response.status_code == 200, response.content
    return {row["team"]["id"]: row["points"] for row in response.json()["rows"]}


@pytest.fixture
def league():
    competition = Competition.objects.create(
        name="League",
        season="2026",
        sport="football",
        # A stale settings copy of a deduction: the table counts the admin's rows only.
        rules={"standings": {"deductions": []}},
    )
    ayr, bury, cove = (TeamFactory(name=name, sport="football") for name in ("Ayr", "Bury", "Cove"))
    return competition, ayr, bury, cove


def test_a_points_deduction_counts_on_the_page_as_in_the_api(league) -> None:
    competition, ayr, bury, _ = league
    play(MatchFactory(competition=competition, home_team=ayr, away_team=bury), 2, 0)
    PointsDeduction.objects.create(
        competition=competition, team=ayr, points=5, reason="Entered administration"
    )

    page, api = page_points(competition), api_points(competition)

    assert api[ayr.pk] == -2
    assert page == api
    html = Client().get(f"/competitions/{competition.pk}/").content.decode()
    assert "Ayr: \u22125 pts (Entered administration)" in html


def test_an_awarded_result_counts_on_the_page_as_in_the_api(league) -> None:
    competition, ayr, bury, cove = league
    play(MatchFactory(competition=competition, home_team=ayr, away_team=bury), 1, 1)
    awarded = MatchFactory(competition=competition, home_team=cove, away_team=ayr)
    play(awarded, 0, 3, status="awarded", reason="Cove fielded a suspended player")

    page, api = page_points(competition), api_points(competition)

    assert api == {ayr.pk: 4, bury.pk: 1, cove.pk: 0}
    assert page == api


def test_a_live_match_counts_as_it_stands_on_the_page_as_in_the_api(league) -> None:
    competition, ayr, bury, cove = league
    for team in (ayr, bury, cove):
        scenarios.football_teams([team.name], competition)
    play(MatchFactory(competition=competition, home_team=ayr, away_team=bury), 1, 0)
    live = scenarios.football_match(competition=competition, home=bury, away=cove)
    scenarios.kick_off(live)
    services.event_record(
        match_id=live.pk,
        kind="goal",
        payload={"side": "away", "scorer": scenarios.squad_ids(live, "away")[9]},
        **SYSTEM,
    )

    page, api = page_points(competition), api_points(competition)

    assert api == {ayr.pk: 3, bury.pk: 0, cove.pk: 3}
    assert page == api


def test_a_deduction_changes_the_table_fragment_etag(league) -> None:
    competition, ayr, bury, _ = league
    play(MatchFactory(competition=competition, home_team=ayr, away_team=bury), 2, 0)
    url = f"/competitions/{competition.pk}/live/"
    before = Client().get(url)

    PointsDeduction.objects.create(competition=competition, team=ayr, points=5, reason="Late")
    read_cache.competition_changed(competition_id=competition.pk)  # as admin does on commit
    after = Client().get(url, HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert "\u22125 pts" in after.content.decode()


def test_the_cached_table_moves_with_the_competition_generation(league) -> None:
    competition, ayr, bury, _ = league
    play(MatchFactory(competition=competition, home_team=ayr, away_team=bury), 2, 0)
    first = standings_table_get(competition=competition)
    PointsDeduction.objects.create(competition=competition, team=ayr, points=5, reason="Late")
    cached = standings_table_get(competition=competition)

    read_cache.competition_changed(competition_id=competition.pk)  # what admin bumps on commit
    moved = standings_table_get(competition=competition)

    points = {row["team"]["id"]: row["points"] for row in moved.rows}
    assert first.rows == cached.rows  # served from the cache until the bump
    assert points[ayr.pk] == -2


def test_a_cricket_table_on_the_page_is_the_api_table() -> None:
    match, _ = scenarios.cricket_match(finish=True)
    competition = match.competition
    PointsDeduction.objects.create(
        competition=competition, team=match.home_team, points=1, reason="Slow over rate"
    )

    page, api = page_points(competition), api_points(competition)

    assert sorted(api.values()) == [-1, 2]  # a win, and a point docked from the loser
    assert page == api
