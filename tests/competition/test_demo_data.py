"""The demo loads a real Premier League season through the importer, with its table."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from matches.models import Competition, Match
from scoring.models import MatchEvent
from scoring.selectors import standings_table_get

pytestmark = pytest.mark.django_db


def test_demo_has_a_real_table_and_a_football_match_to_score_live() -> None:
    call_command("demo_data", stdout=StringIO())
    events = MatchEvent.objects.count()
    call_command("demo_data", stdout=StringIO())

    league = Competition.objects.get(name="English Premier League", season="2019/20")
    rows = standings_table_get(competition=league).rows
    assert [(r["team"]["name"], r["played"], r["points"]) for r in rows[:2]] == [
        ("Liverpool FC", 38, 99),
        ("Manchester City", 38, 81),
    ]
    assert MatchEvent.objects.count() == events  # the second run wrote nothing
    friendly = Match.objects.get(competition__name="Demo friendlies")
    assert friendly.status == "scheduled"
    assert friendly.competition.sport == "football"
