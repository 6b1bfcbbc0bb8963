"""A football match centre says each thing once: a scheduled match shows its kick-off, not
"0 - 0" and "SCHEDULED v"; a finished one shows the score once, not four ways (issue 20)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from selectolax.lexbor import LexborHTMLParser

from matches.models import Competition, Match
from tests.pages import scenarios
from tests.standings.test_official_tables import shared_data

DASH = "\N{EN DASH}"  # the score line's separator

pytestmark = pytest.mark.django_db


def _part(client, match, name):
    page = LexborHTMLParser(client.get(f"/matches/{match.pk}/").content)
    return page.css_first(f'[data-part="{name}"]').text(separator=" ", strip=True)


def test_a_scheduled_match_shows_its_kick_off_not_a_score(client):
    competition = Competition.objects.create(name="League", season="1", sport="football")
    home, away = scenarios.football_teams(["Arsenal", "Chelsea"], competition)
    match = scenarios.football_match(competition=competition, home=home, away=away)
    head = _part(client, match, "score")
    assert f"0 {DASH} 0" not in head
    assert "scheduled" not in head.lower()
    assert match.start_time.strftime("%H:%M") in head
    assert "Kick-off" in head
    assert "starts at kick-off" in _part(client, match, "timeline")


def test_an_imported_result_shows_the_score_once_and_says_why_the_timeline_is_empty(client):
    season = sorted((shared_data() / "football").glob("*.json"))[0]
    call_command("import_openfootball", season)
    match = Match.objects.filter(status="finished").exclude(scoreboard=None).first()
    summary = match.scoreboard.summary
    head = _part(client, match, "score")
    assert head.count(f"{summary['home']['score']} {DASH} to {summary['away']['score']}") == 1
    compact = f"{summary['home']['score']}-{summary['away']['score']}"
    assert compact not in head  # no "1-2 FT" clock text
    assert "win" not in head  # no "Derby County win 2-1" line for an ordinary result
    assert "FT " not in head
    assert "Full time" in head
    assert "Only the result was recorded" in _part(client, match, "timeline")
