"""The cricket console speaks the scorer's language: last entries as over.ball and what
happened, every refusal explained (also for hand-made posts), a five-run button (issue 18)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from scoring import services
from scoring.models import EventSource, MatchEvent, Scoreboard
from tests.cricket.test_console import post, squad
from tests.factories import MatchFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scorer_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def live_match():
    match = MatchFactory()
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)
    return match


def _innings(match):
    home = squad(match, "home")
    services.event_record(
        match_id=match.pk,
        kind="innings_start",
        payload={"batting": "home", "striker": home[0], "non_striker": home[1]},
        source=EventSource.SYSTEM,
    )
    return home, squad(match, "away")


def test_last_entries_read_as_over_ball_and_names_not_payloads(scorer_client, live_match):
    home, away = _innings(live_match)
    ball = {"striker": home[0], "non_striker": home[1], "bowler": away[10]}
    assert post(scorer_client, live_match, action="run:4", **ball).status_code == 302
    page = scorer_client.get(reverse("admin:matches_match_score", args=[live_match.pk]))
    table = HTMLParser(page.content).css("fieldset")[-1]
    rows = [[cell.text(strip=True) for cell in row.css("td")] for row in table.css("tbody tr")]
    newest = rows[0]
    assert newest[1] == "0.1"
    striker = live_match.squad.get(player_id=home[0]).player.name
    assert striker in newest[2]
    assert "FOUR" in newest[2].upper()
    assert "{" not in table.text()
    assert "'at'" not in table.text()
    assert newest[3].count(":") == 2  # a clock time, not epoch seconds


@pytest.mark.parametrize("action", ["run:9", "run:-1", "run:x"])
def test_a_hand_made_post_with_impossible_runs_says_why_and_writes_nothing(
    scorer_client, live_match, action
):
    home, away = _innings(live_match)
    before = MatchEvent.objects.filter(match=live_match).count()
    response = post(
        scorer_client,
        live_match,
        action=action,
        striker=home[0],
        non_striker=home[1],
        bowler=away[10],
    )
    assert response.status_code == 200
    alert = HTMLParser(response.content).css_first('[role="alert"]')
    assert alert is not None
    assert "Nothing was recorded" in alert.text()
    assert "Action" in alert.text()
    assert MatchEvent.objects.filter(match=live_match).count() == before


def test_five_runs_have_a_button_and_a_key(scorer_client, live_match):
    home, away = _innings(live_match)
    page = scorer_client.get(reverse("admin:matches_match_score", args=[live_match.pk]))
    button = HTMLParser(page.content).css_first('button[value="run:5"]')
    assert button is not None
    assert button.attributes["data-key"] == "5"
    ball = {"striker": home[0], "non_striker": home[1], "bowler": away[10]}
    assert post(scorer_client, live_match, action="run:5", **ball).status_code == 302
    assert Scoreboard.objects.get(match=live_match).summary["home"]["score"].startswith("5")
