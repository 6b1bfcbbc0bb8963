"""Undo and correction of earlier balls, through the API and the admin console: the
projection, the scorecard API and a subscribed WebSocket fan all show the corrected figures
as soon as the write returns."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from scoring import services
from scoring.models import EventSource, Scoreboard
from tests.factories import MatchFactory, UserFactory
from tests.foundation.test_websocket_protocol import connected

pytestmark = pytest.mark.django_db(transaction=True)


def scored_match():
    """Live, home batting, one over of 1 1 0 0 0 0 from away[10]; returns ids by role."""
    match = MatchFactory()
    home = list(match.squad.filter(side="home").values_list("player_id", flat=True))
    away = list(match.squad.filter(side="away").values_list("player_id", flat=True))
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)
    services.event_record(
        match_id=match.pk,
        kind="innings_start",
        payload={"batting": "home", "striker": home[0], "non_striker": home[1]},
        source=EventSource.SYSTEM,
    )
    seqs = []
    striker, non_striker = home[0], home[1]
    for runs in (1, 1, 0, 0, 0, 0):
        recorded = services.event_record(
            match_id=match.pk,
            kind="delivery",
            payload={
                "striker": striker,
                "non_striker": non_striker,
                "bowler": away[10],
                "runs": runs,
            },
            source=EventSource.SYSTEM,
        )
        seqs.append(recorded.event.seq)
        if runs % 2:
            striker, non_striker = non_striker, striker
    return match, home, away, seqs


async def subscribed(match_id):
    ws = await connected()
    await ws.send_json_to({"action": "subscribe", "channels": [f"match:{match_id}"]})
    assert (await ws.receive_json_from(timeout=5))["type"] == "subscribed"
    assert (await ws.receive_json_from(timeout=5))["type"] == "snapshot"
    return ws


def scorecard(match_id):
    return APIClient().get(f"/api/v1/matches/{match_id}/scorecard/").json()["innings"][0]


def row(rows, player):
    return next(item for item in rows if item["player"] == player)


async def test_api_correction_of_a_one_that_was_a_four_reaches_everyone():
    match, home, away, seqs = await database_sync_to_async(scored_match)()
    fan = await subscribed(match.pk)
    staff = await database_sync_to_async(UserFactory)(is_staff=True, is_superuser=True)
    api = APIClient()
    api.force_authenticate(staff)

    response = await database_sync_to_async(api.post)(
        f"/api/v1/matches/{match.pk}/corrections/",
        {
            "target_seq": seqs[0],
            "kind": "delivery",
            "payload": {
                "striker": home[0],
                "non_striker": home[1],
                "bowler": away[10],
                "runs": 4,
                "boundary": True,
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    # The 4 means no change of ends: the second ball's single was then home[0]'s, and the
    # later balls were faced by home[1]; the engine accepts the recorded names as given.
    frame = await fan.receive_json_from(timeout=5)
    assert (frame["type"], frame["data"]["target_seq"]) == ("correction", seqs[0])
    assert frame["data"]["summary"]["home"]["score"] == "5/0"
    board = await database_sync_to_async(Scoreboard.objects.get)(match=match)
    assert board.summary["home"]["score"] == "5/0"
    card = await database_sync_to_async(scorecard)(match.pk)
    assert card["runs"] == 5
    opener = row(card["batting"], home[0])
    assert (opener["runs"], opener["fours"]) == (4, 1)
    assert row(card["bowling"], away[10])["runs"] == 5

    # Undo the last ball through the API: five balls bowled.
    response = await database_sync_to_async(api.post)(
        f"/api/v1/matches/{match.pk}/undo/", {}, format="json"
    )
    assert response.status_code == 201
    frame = await fan.receive_json_from(timeout=5)
    assert (frame["type"], frame["data"]["target_seq"]) == ("undo", seqs[-1])
    assert frame["data"]["summary"]["home"]["overs"] == "0.5"
    card = await database_sync_to_async(scorecard)(match.pk)
    assert (card["legal_balls"], row(card["bowling"], away[10])["balls"]) == (5, 5)
    await fan.disconnect()


async def test_admin_corrections_wrong_bowler_and_missed_wide_reach_everyone():
    match, home, away, seqs = await database_sync_to_async(scored_match)()
    fan = await subscribed(match.pk)
    staff = await database_sync_to_async(UserFactory)(is_staff=True, is_superuser=True)
    browser = Client()
    await database_sync_to_async(browser.force_login)(staff)
    url = reverse("admin:matches_match_score", args=[match.pk])

    def correct(seq, **ball):
        board = Scoreboard.objects.get(match=match)
        return browser.post(url, {"expected_seq": board.seq, "correct_seq": seq, **ball})

    # The third ball (a dot to home[0]) was bowled by away[9], not away[10].
    third = {"striker": home[0], "non_striker": home[1]}
    response = await database_sync_to_async(correct)(
        seqs[2], action="run:0", bowler=away[9], **third
    )
    assert response.status_code == 302
    frame = await fan.receive_json_from(timeout=5)
    assert (frame["type"], frame["data"]["target_seq"]) == ("correction", seqs[2])
    card = await database_sync_to_async(scorecard)(match.pk)
    assert row(card["bowling"], away[9])["balls"] == 1
    assert row(card["bowling"], away[10])["balls"] == 5

    # The fourth ball was a wide the scorer missed: one more run, one legal ball fewer.
    response = await database_sync_to_async(correct)(
        seqs[3], action="wide", extra_runs=0, bowler=away[10], **third
    )
    assert response.status_code == 302
    frame = await fan.receive_json_from(timeout=5)
    assert frame["data"]["summary"]["home"] == {
        "name": match.home_team.name,
        "score": "3/0",
        "overs": "0.5",
    }
    board = await database_sync_to_async(Scoreboard.objects.get)(match=match)
    assert board.summary["home"]["score"] == "3/0"
    card = await database_sync_to_async(scorecard)(match.pk)
    assert (card["runs"], card["legal_balls"], card["extras"]["wides"]) == (3, 5, 1)
    bowler = row(card["bowling"], away[10])
    assert (bowler["balls"], bowler["runs"], bowler["wides"]) == (4, 3, 1)
    await fan.disconnect()
