"""GET /api/v1/competitions/<id>/table/: computed from results, live "as it stands"."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from matches.models import PointsDeduction
from scoring import services
from scoring.models import EventSource, Scoreboard
from scoring.rules.engines import engine_for
from tests.factories import CompetitionFactory, MatchFactory, TeamFactory
from tests.pages.scenarios import cricket_match

pytestmark = pytest.mark.django_db

SYSTEM = {"source": EventSource.SYSTEM}


def play(match, home: int, away: int, **extra) -> None:
    services.match_transition(match_id=match.pk, to_status="live", **SYSTEM)
    services.event_record(
        match_id=match.pk, kind="result", payload={"home": home, "away": away, **extra}, **SYSTEM
    )
    services.match_transition(match_id=match.pk, to_status="finished", **SYSTEM)


@pytest.fixture
def league():
    competition = CompetitionFactory(
        sport="football",
        rules={
            "standings": {
                "tie_breakers": ["goal_difference", "goals_for"],
                "zones": [{"name": "champions", "from": 1, "to": 1}],
            }
        },
    )
    teams = [TeamFactory(name=name, sport="football") for name in ("Ayr", "Bury", "Cove")]
    ayr_bury = MatchFactory(competition=competition, home_team=teams[0], away_team=teams[1])
    bury_cove = MatchFactory(competition=competition, home_team=teams[1], away_team=teams[2])
    cove_ayr = MatchFactory(competition=competition, home_team=teams[2], away_team=teams[0])
    play(ayr_bury, 2, 0)
    play(bury_cove, 1, 1)
    return competition, teams, cove_ayr


def table(competition, **params):
    response = APIClient().get(f"/api/v1/competitions/{competition.pk}/table/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_table_rows_are_computed_from_results(league) -> None:
    competition, (ayr, bury, _), _ = league
    PointsDeduction.objects.create(
        competition=competition, team=bury, points=2, reason="Fielded an ineligible player"
    )

    body = table(competition)

    assert body["competition"]["id"] == competition.pk
    assert body["live"] is False
    assert [
        (
            r["position"],
            r["team"]["name"],
            r["played"],
            r["won"],
            r["drawn"],
            r["lost"],
            r["goals_for"],
            r["goals_against"],
            r["goal_difference"],
            r["points"],
            r["form"],
            r["zone"],
        )
        for r in body["rows"]
    ] == [
        (1, "Ayr", 1, 1, 0, 0, 2, 0, 2, 3, ["W"], "champions"),
        (2, "Cove", 1, 0, 1, 0, 1, 1, 0, 1, ["D"], None),
        (3, "Bury", 2, 0, 1, 1, 1, 3, -2, -1, ["L", "D"], None),
    ]
    assert body["rows"][2]["deductions"] == [
        {"points": 2, "reason": "Fielded an ineligible player"}
    ]
    assert body["rows"][0]["team"] == {"id": ayr.pk, "name": "Ayr"}


def test_live_table_counts_the_score_as_it_stands_and_follows_each_goal(
    league, django_capture_on_commit_callbacks
) -> None:
    competition, _, cove_ayr = league
    with django_capture_on_commit_callbacks(execute=True):
        services.match_transition(match_id=cove_ayr.pk, to_status="live", **SYSTEM)
        services.event_record(
            match_id=cove_ayr.pk,
            kind="period_start",
            payload={"period": "first_half", "at": 1.0},
            **SYSTEM,
        )
        services.event_record(match_id=cove_ayr.pk, kind="goal", payload={"side": "home"}, **SYSTEM)

    final = table(competition)
    live = table(competition, live=1)

    assert [r["team"]["name"] for r in final["rows"]] == ["Ayr", "Cove", "Bury"]
    assert all(not r["is_live"] for r in final["rows"])
    assert [(r["team"]["name"], r["points"], r["is_live"]) for r in live["rows"]] == [
        ("Cove", 4, True),
        ("Ayr", 3, True),
        ("Bury", 1, False),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        services.event_record(match_id=cove_ayr.pk, kind="goal", payload={"side": "away"}, **SYSTEM)
        services.event_record(match_id=cove_ayr.pk, kind="goal", payload={"side": "away"}, **SYSTEM)

    assert [(r["team"]["name"], r["points"]) for r in table(competition, live=1)["rows"]] == [
        ("Ayr", 6),
        ("Cove", 1),
        ("Bury", 1),
    ]


def test_an_awarded_result_shows_with_its_reason(league) -> None:
    competition, (_, _, cove), cove_ayr = league
    play(cove_ayr, 0, 3, status="awarded", reason="Cove fielded a suspended player")

    rows = {r["team"]["name"]: r for r in table(competition)["rows"]}

    assert rows["Ayr"]["awarded"] == [
        {
            "opponent": {"id": cove.pk, "name": "Cove"},
            "venue": "away",
            "score": "0-3",
            "reason": "Cove fielded a suspended player",
        }
    ]
    assert rows["Ayr"]["points"] == 6


def test_unknown_competition_and_bad_live_flag_get_the_error_body(league) -> None:
    competition, _, _ = league
    client = APIClient()

    missing = client.get("/api/v1/competitions/999999/table/")
    bad = client.get(f"/api/v1/competitions/{competition.pk}/table/", {"live": "sometimes"})

    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid"
    assert "live" in bad.json()["error"]["fields"]


def test_table_has_validators_and_a_goal_changes_its_etag(
    league, django_capture_on_commit_callbacks
) -> None:
    competition, _, cove_ayr = league
    url = f"/api/v1/competitions/{competition.pk}/table/"
    client = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        services.match_transition(match_id=cove_ayr.pk, to_status="live", **SYSTEM)
        services.event_record(
            match_id=cove_ayr.pk,
            kind="period_start",
            payload={"period": "first_half", "at": 1.0},
            **SYSTEM,
        )

    first = client.get(url, {"live": 1})
    etag = first["ETag"]
    unchanged = client.get(url, {"live": 1}, HTTP_IF_NONE_MATCH=etag)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_record(match_id=cove_ayr.pk, kind="goal", payload={"side": "home"}, **SYSTEM)
    after = client.get(url, {"live": 1}, HTTP_IF_NONE_MATCH=etag)

    assert first.status_code == 200
    assert first["Cache-Control"] == "public, no-cache"  # a match is live
    assert "Last-Modified" in first
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert unchanged["ETag"] == etag
    assert after.status_code == 200
    assert after["ETag"] != etag
    rows = {r["team"]["name"]: r for r in after.json()["rows"]}
    assert (rows["Cove"]["goals_for"], rows["Cove"]["points"], rows["Cove"]["is_live"]) == (
        2,
        4,
        True,
    )
    assert client.get(url, {"live": 1}, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_the_final_and_live_tables_have_their_own_etags(league) -> None:
    competition, _, _ = league
    url = f"/api/v1/competitions/{competition.pk}/table/"
    client = APIClient()

    final = client.get(url)
    live = client.get(url, {"live": 1})

    assert final["ETag"] != live["ETag"]  # the bodies differ in "live"
    assert client.get(url, {"live": 1}, HTTP_IF_NONE_MATCH=final["ETag"]).status_code == 200


def test_a_settled_table_may_be_reused_and_answers_if_modified_since(
    league, django_capture_on_commit_callbacks
) -> None:
    competition, _, cove_ayr = league
    url = f"/api/v1/competitions/{competition.pk}/table/"
    client = APIClient()

    open_table = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        play(cove_ayr, 0, 1)
    complete = client.get(url)
    not_modified = client.get(url, HTTP_IF_MODIFIED_SINCE=complete["Last-Modified"])

    assert open_table["Cache-Control"] == "public, max-age=30"  # a fixture is still to play
    assert complete["Cache-Control"] == "public, max-age=300"
    assert not_modified.status_code == 304


def test_a_deduction_entered_in_admin_changes_the_cached_table(
    league, django_capture_on_commit_callbacks
) -> None:
    competition, (_, bury, _), _ = league
    url = f"/api/v1/competitions/{competition.pk}/table/"
    client = APIClient()
    before = client.get(url)
    staff = User.objects.create_superuser("admin", "admin@example.com", "pw")
    admin = Client()
    admin.force_login(staff)
    form = {
        "name": competition.name,
        "season": competition.season,
        "sport": competition.sport,
        "rules": json.dumps(competition.rules),
        "external_ids": "{}",
        "created_at_0": "2024-01-01",
        "created_at_1": "00:00:00",
        "points_deductions-TOTAL_FORMS": "1",
        "points_deductions-INITIAL_FORMS": "0",
        "points_deductions-0-team": bury.pk,
        "points_deductions-0-points": "2",
        "points_deductions-0-reason": "Fielded an ineligible player",
    }

    with django_capture_on_commit_callbacks(execute=True):
        saved = admin.post(f"/admin/matches/competition/{competition.pk}/change/", form)
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])

    assert saved.status_code == 302, saved.content[:2000]
    assert after.status_code == 200
    assert {r["team"]["name"]: r["points"] for r in after.json()["rows"]}["Bury"] == -1


def test_a_cricket_table_as_it_stands_counts_the_live_innings_in_net_run_rate(
    django_capture_on_commit_callbacks,
) -> None:
    finished, _ = cricket_match(finish=True)
    with django_capture_on_commit_callbacks(execute=True):
        in_play, _ = cricket_match(events=40)  # the same sides, first innings under way
    board = Scoreboard.objects.get(match=in_play)
    figures = engine_for("cricket").detail(engine_for("cricket").load(board.state))
    live_innings = figures["innings"][0]
    batting = in_play.home_team if live_innings["side"] == "home" else in_play.away_team
    url = f"/api/v1/competitions/{in_play.competition_id}/table/"

    final = APIClient().get(url)
    live = APIClient().get(url, {"live": 1})

    assert finished.competition_id == in_play.competition_id
    assert live.json()["live"] is True
    assert live["Cache-Control"] == "public, no-cache"
    before = {r["team"]["name"]: r for r in final.json()["rows"]}
    now = {r["team"]["name"]: r for r in live.json()["rows"]}
    assert live_innings["runs"] > 0
    bat, bowl = (
        now[batting.name],
        now[(in_play.away_team if batting == in_play.home_team else in_play.home_team).name],
    )
    assert bat["runs_for"] == before[batting.name]["runs_for"] + live_innings["runs"]
    assert (
        bowl["runs_against"]
        == before[bowl["team"]["name"]]["runs_against"] + (live_innings["runs"])
    )
    assert bat["net_run_rate"] != before[batting.name]["net_run_rate"]
    assert [r["played"] for r in now.values()] == [1, 1]  # no result yet: not played
    assert [r["points"] for r in now.values()] == [r["points"] for r in before.values()]
    assert all(r["is_live"] for r in now.values())
    assert not any(r["is_live"] for r in before.values())
