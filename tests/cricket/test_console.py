"""The cricket scorer's console in admin: balls, wickets, undo and corrections by form post."""

from __future__ import annotations

import pytest
from django.urls import reverse

from matches.models import Player
from scoring import services
from scoring.models import EventSource, MatchEvent, Scoreboard
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


def squad(match, side):
    return list(match.squad.filter(side=side).values_list("player_id", flat=True))


def post(client, match, **data):
    board = Scoreboard.objects.get(match=match)
    return client.post(
        reverse("admin:matches_match_score", args=[match.pk]),
        {"expected_seq": board.seq, **data},
    )


def summary(match):
    return Scoreboard.objects.get(match=match).summary["home"]


def test_console_starts_an_innings_records_a_ball_a_wicket_and_an_undo(scorer_client, live_match):
    home, away = squad(live_match, "home"), squad(live_match, "away")
    url = reverse("admin:matches_match_score", args=[live_match.pk])
    page = scorer_client.get(url)
    assert page.status_code == 200
    assert b"cricket_console.js" in page.content

    response = post(
        scorer_client,
        live_match,
        action="innings_start",
        batting="home",
        striker=home[0],
        non_striker=home[1],
    )
    assert response.status_code == 302
    batters = {"striker": home[0], "non_striker": home[1], "bowler": away[10]}
    assert post(scorer_client, live_match, action="run:4", **batters).status_code == 302
    four = MatchEvent.objects.filter(match=live_match).latest("seq")
    assert (four.kind, four.payload) == (
        "delivery",
        {**batters, "runs": 4, "boundary": True, "at": four.payload["at"]},
    )
    assert (summary(live_match)["score"], summary(live_match)["overs"]) == ("4/0", "0.1")

    # The page preselects who is in and who is bowling for the next ball.
    page = scorer_client.get(url)
    form = page.context["form"]
    assert (form["striker"].value(), form["non_striker"].value(), form["bowler"].value()) == (
        home[0],
        home[1],
        away[10],
    )
    assert page.context["innings"]["this_over"] == ["4"]

    response = post(
        scorer_client,
        live_match,
        action="wicket",
        dismissal_kind="caught",
        player_out=home[0],
        fielder=away[3],
        **batters,
    )
    assert response.status_code == 302
    assert summary(live_match)["score"] == "4/1"
    card = scorer_client.get(f"/api/v1/matches/{live_match.pk}/scorecard/").json()
    out = card["innings"][0]["batting"][0]
    names = dict(Player.objects.values_list("pk", "name"))
    assert (out["dismissal"], out["is_out"]) == (f"c {names[away[3]]} b {names[away[10]]}", True)

    assert post(scorer_client, live_match, action="undo").status_code == 302
    assert summary(live_match)["score"] == "4/0"
    undo = MatchEvent.objects.filter(match=live_match).latest("seq")
    assert (undo.kind, undo.target_seq, undo.source) == ("undo", undo.seq - 1, "admin")


def test_a_wide_a_no_ball_a_bye_and_a_leg_bye_with_runs(scorer_client, live_match):
    home, away = squad(live_match, "home"), squad(live_match, "away")
    services.event_record(
        match_id=live_match.pk,
        kind="innings_start",
        payload={"batting": "home", "striker": home[0], "non_striker": home[1]},
        source=EventSource.SYSTEM,
    )
    for action, extra_runs in (("wide", 4), ("noball", 1), ("bye", 2), ("legbye", 1)):
        innings = Scoreboard.objects.get(match=live_match).state["innings"][0]
        batters = {
            "striker": innings["striker"],
            "non_striker": innings["non_striker"],
            "bowler": away[10],
        }
        response = post(scorer_client, live_match, action=action, extra_runs=extra_runs, **batters)
        assert response.status_code == 302
    payloads = [
        event.payload
        for event in MatchEvent.objects.filter(match=live_match, kind="delivery").order_by("seq")
    ]
    assert [(p["runs"], p["extras"]) for p in payloads] == [
        (0, {"wides": 5}),
        (1, {"noballs": 1}),
        (0, {"byes": 2}),
        (0, {"legbyes": 1}),
    ]
    assert (summary(live_match)["score"], summary(live_match)["overs"]) == ("10/0", "0.2")


def test_an_illegal_ball_shows_the_error_and_writes_nothing(scorer_client, live_match):
    home, _away = squad(live_match, "home"), squad(live_match, "away")
    services.event_record(
        match_id=live_match.pk,
        kind="innings_start",
        payload={"batting": "home", "striker": home[0], "non_striker": home[1]},
        source=EventSource.SYSTEM,
    )
    before = MatchEvent.objects.filter(match=live_match).count()
    # A batter of the batting side cannot bowl.
    response = post(
        scorer_client,
        live_match,
        action="run:1",
        striker=home[0],
        non_striker=home[1],
        bowler=home[5],
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert "not in" in errors[0]
    assert "(unknown_player)" not in errors[0]  # people read it, not codes
    assert errors[0].encode() in response.content
    assert MatchEvent.objects.filter(match=live_match).count() == before

    # A ball without a bowler never reaches the service.
    response = post(scorer_client, live_match, action="run:1", striker=home[0], non_striker=home[1])
    assert response.status_code == 200
    assert response.context["form"].errors["bowler"] == ["Choose a player."]
    assert MatchEvent.objects.filter(match=live_match).count() == before


def test_a_double_submitted_ball_is_refused_as_stale(scorer_client, live_match):
    home, away = squad(live_match, "home"), squad(live_match, "away")
    services.event_record(
        match_id=live_match.pk,
        kind="innings_start",
        payload={"batting": "home", "striker": home[0], "non_striker": home[1]},
        source=EventSource.SYSTEM,
    )
    seq = Scoreboard.objects.get(match=live_match).seq
    url = reverse("admin:matches_match_score", args=[live_match.pk])
    ball = {
        "action": "run:0",
        "striker": home[0],
        "non_striker": home[1],
        "bowler": away[10],
        "expected_seq": seq,
    }
    assert scorer_client.post(url, ball).status_code == 302
    again = scorer_client.post(url, ball)
    assert again.status_code == 200
    assert "The match has moved on" in again.context["form"].non_field_errors()[0]
    assert MatchEvent.objects.filter(match=live_match, kind="delivery").count() == 1
