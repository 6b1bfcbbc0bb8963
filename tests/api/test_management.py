"""Staff run a competition entirely through the API: create, schedule, line up, assign,
and the assigned scorer scores it."""

import pytest

from matches.models import Match, MatchPlayer
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def _ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def test_a_competition_run_end_to_end_through_the_api(staff, scorer):
    admin = client_for(staff)
    competition = _ok(
        admin.post(
            "/api/v1/competitions/",
            {
                "name": "Village League",
                "sport": "football",
                "season": "2026",
                "rules": {"period_minutes": 40},
            },
            format="json",
        ),
        201,
    )
    _ok(
        admin.patch(
            f"/api/v1/competitions/{competition['id']}/",
            {"rules": {"period_minutes": 45}},
            format="json",
        )
    )
    home = _ok(
        admin.post("/api/v1/teams/", {"name": "Ashby", "sport": "football"}, format="json"), 201
    )
    away = _ok(
        admin.post("/api/v1/teams/", {"name": "Barton", "sport": "football"}, format="json"), 201
    )
    venue = _ok(
        admin.post("/api/v1/venues/", {"name": "The Green", "city": "Ashby"}, format="json"), 201
    )
    players = {
        side: [
            _ok(
                admin.post(
                    "/api/v1/players/", {"name": f"{side} {n}", "team": team["id"]}, format="json"
                ),
                201,
            )["id"]
            for n in range(11)
        ]
        for side, team in (("home", home), ("away", away))
    }
    match = _ok(
        admin.post(
            "/api/v1/matches/",
            {
                "competition": competition["id"],
                "home_team": home["id"],
                "away_team": away["id"],
                "venue": venue["id"],
                "start_time": "2026-12-01T15:00:00Z",
                "round": "1",
            },
            format="json",
        ),
        201,
    )
    assert match["venue"]["name"] == "The Green"
    for side, ids in players.items():
        lineup = _ok(
            admin.put(
                f"/api/v1/matches/{match['id']}/lineups/",
                {"side": side, "players": [{"player": pk} for pk in ids]},
                format="json",
            )
        )
    assert [p["id"] for p in lineup["away"]["players"]] == players["away"]
    assigned = _ok(
        admin.put(
            f"/api/v1/matches/{match['id']}/scorers/", {"scorers": [scorer.pk]}, format="json"
        )
    )
    assert assigned["scorers"] == [scorer.pk]
    moved = _ok(
        admin.patch(
            f"/api/v1/matches/{match['id']}/", {"start_time": "2026-12-02T15:00:00Z"}, format="json"
        )
    )
    assert moved["start_time"] == "2026-12-02T15:00:00Z"

    scoring = client_for(scorer)
    _ok(
        scoring.post(f"/api/v1/matches/{match['id']}/status/", {"status": "live"}, format="json"),
        201,
    )
    _ok(
        scoring.post(
            f"/api/v1/matches/{match['id']}/events/",
            {"kind": "period_start", "payload": {"period": "first_half"}},
            format="json",
        ),
        201,
    )
    goal = _ok(
        scoring.post(
            f"/api/v1/matches/{match['id']}/events/",
            {"kind": "goal", "payload": {"side": "away", "scorer": players["away"][9]}},
            format="json",
        ),
        201,
    )
    assert goal["summary"]["away"]["score"] == 1
    # Once scored, the sides and line-ups are fixed.
    refused = admin.put(
        f"/api/v1/matches/{match['id']}/lineups/",
        {"side": "home", "players": [{"player": players["home"][0]}]},
        format="json",
    )
    assert refused.status_code == 409
    assert MatchPlayer.objects.filter(match_id=match["id"], side="home").count() == 11


def test_schedule_refuses_mismatched_sports_and_one_team_twice(staff, football_match):
    admin = client_for(staff)
    cricket = _ok(
        admin.post("/api/v1/teams/", {"name": "XI", "sport": "cricket"}, format="json"), 201
    )
    body = {
        "competition": football_match.competition_id,
        "home_team": football_match.home_team_id,
        "away_team": cricket["id"],
        "start_time": "2026-12-01T15:00:00Z",
    }
    mismatched = admin.post("/api/v1/matches/", body, format="json")
    assert mismatched.status_code == 400
    assert list(mismatched.json()["error"]["fields"]) == ["away_team"]
    same = admin.post(
        "/api/v1/matches/", {**body, "away_team": football_match.home_team_id}, format="json"
    )
    assert same.status_code == 400
    missing = admin.post("/api/v1/matches/", {**body, "away_team": 987654}, format="json")
    assert missing.status_code == 400
    assert Match.objects.count() == 1


def test_duplicate_competition_is_refused(staff):
    admin = client_for(staff)
    body = {"name": "Cup", "sport": "cricket", "season": "2026"}
    _ok(admin.post("/api/v1/competitions/", body, format="json"), 201)
    duplicate = admin.post("/api/v1/competitions/", body, format="json")
    assert duplicate.status_code == 400
    assert duplicate.json()["error"]["fields"] == {"name": ["This competition and season exist."]}
