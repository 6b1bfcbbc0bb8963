"""The football scorer's console in admin: plain posts that call the scoring service."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from matches.models import Match, MatchPlayer, Player
from scoring.models import MatchEvent, Scoreboard
from tests.factories import CompetitionFactory, MatchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    match = MatchFactory(competition=CompetitionFactory(sport="football", rules={}))
    for side, team in (("home", match.home_team), ("away", match.away_team)):
        substitute = Player.objects.create(name=f"{team.name} substitute", team=team)
        MatchPlayer.objects.create(
            match=match, player=substitute, side=side, order=11, is_starting=False
        )
    admin = User.objects.create_superuser("referee", "referee@example.com", "correct-horse-9")
    client = Client()
    client.force_login(admin)
    return client, match, f"/admin/matches/match/{match.pk}/score/"


def players(match: Match, side: str) -> list[int]:
    return list(match.squad.filter(side=side).order_by("order").values_list("player_id", flat=True))


def post(client: Client, url: str, **data):
    return client.post(url, data)


def test_console_records_a_goal_through_the_service(console) -> None:
    client, match, url = console
    page = client.get(url)
    assert page.status_code == 200
    assert b"Kick-off" in page.content
    assert b"Confirm line-ups from the squad" in page.content

    assert post(client, url, action="lineups").status_code == 302
    assert post(client, url, action="kick_off").status_code == 302
    scorer = players(match, "home")[9]
    response = post(
        client,
        url,
        action="goal",
        **{"goal-side": "home", "goal-scorer": scorer, "goal-kind": "open_play"},
    )

    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == "live"
    board = Scoreboard.objects.get(match=match)
    assert (board.summary["home"]["score"], board.summary["away"]["score"]) == (1, 0)
    assert list(
        MatchEvent.objects.filter(match=match).order_by("seq").values_list("kind", "source")
    ) == [
        ("status", "admin"),
        ("lineup", "admin"),
        ("lineup", "admin"),
        ("period_start", "admin"),
        ("goal", "admin"),
    ]
    goal = MatchEvent.objects.get(match=match, kind="goal")
    assert goal.payload["scorer"] == scorer
    assert goal.author.username == "referee"
    page = client.get(url)
    assert b"Half-time" in page.content
    assert b">1&#x27;</span>" in page.content  # the engine's clock: the first minute


def test_console_shows_an_illegal_event_as_a_form_error_and_writes_nothing(console) -> None:
    client, match, url = console
    post(client, url, action="lineups")
    post(client, url, action="kick_off")
    events = MatchEvent.objects.filter(match=match).count()
    away_player = players(match, "away")[3]

    response = post(
        client,
        url,
        action="goal",
        **{"goal-side": "home", "goal-scorer": away_player, "goal-kind": "open_play"},
    )

    assert response.status_code == 200
    assert b"is not on the pitch for home (not_on_pitch)" in response.content
    assert MatchEvent.objects.filter(match=match).count() == events


def test_a_card_before_kick_off_is_refused(console) -> None:
    client, match, url = console
    player = players(match, "home")[0]

    response = post(client, url, action="card", **{"card-player": player, "card-card": "yellow"})

    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert MatchEvent.objects.filter(match=match).count() == 0


def test_periods_undo_and_full_time(console) -> None:
    client, match, url = console
    post(client, url, action="lineups")
    post(client, url, action="kick_off")
    post(client, url, action="goal", **{"goal-side": "away", "goal-kind": "open_play"})
    post(client, url, action="undo")
    post(client, url, action="end_period")
    match.refresh_from_db()
    assert match.status == "break"
    post(client, url, action="start_period", period="second_half")
    off, on = players(match, "home")[10], players(match, "home")[11]
    substitution = post(
        client,
        url,
        action="substitution",
        **{"substitution-player_off": off, "substitution-player_on": on},
    )
    assert substitution.status_code == 302
    post(client, url, action="full_time")

    match.refresh_from_db()
    board = Scoreboard.objects.get(match=match)
    assert match.status == "finished"
    assert board.summary["text"] == "0-0 FT"
    assert board.summary["result"]["kind"] == "draw"
    assert [kind for (kind,) in MatchEvent.objects.filter(match=match).values_list("kind")].count(
        "undo"
    ) == 1
    assert MatchEvent.objects.get(match=match, kind="substitution").payload["side"] == "home"
