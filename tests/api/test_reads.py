"""Each public read's happy path, with exact contents."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from scoring import services
from scoring.models import EventSource
from tests.api.conftest import client_for
from tests.factories import CompetitionFactory, MatchFactory

pytestmark = pytest.mark.django_db


def _record(match, kind, payload):
    return services.event_record(
        match_id=match.pk, kind=kind, payload=payload, source=EventSource.SYSTEM
    )


def _ids(response):
    assert response.status_code == 200, response.content
    return [m["id"] for m in response.json()["results"]]


@pytest.fixture
def fixtures(football_match):
    competition = football_match.competition
    later = MatchFactory(
        competition=competition, start_time=timezone.now() + timedelta(days=3), squads=False
    )
    far = MatchFactory(
        competition=competition, start_time=timezone.now() + timedelta(days=20), squads=False
    )
    cricket = MatchFactory(competition=CompetitionFactory(sport="cricket"), squads=False)
    return {"live": football_match, "later": later, "far": far, "cricket": cricket}


def test_match_list_filters(anonymous, fixtures):
    live, later, far, cricket = (fixtures[k] for k in ("live", "later", "far", "cricket"))
    get = anonymous.get
    assert set(_ids(get("/api/v1/matches/"))) == {live.pk, later.pk, far.pk, cricket.pk}
    assert set(_ids(get("/api/v1/matches/?sport=cricket"))) == {cricket.pk}
    assert _ids(get(f"/api/v1/matches/?competition={live.competition_id}")) == [
        live.pk,
        later.pk,
        far.pk,
    ]
    assert _ids(get(f"/api/v1/matches/?team={later.away_team_id}")) == [later.pk]
    assert set(_ids(get("/api/v1/matches/?status=scheduled"))) == {later.pk, far.pk, cricket.pk}
    assert _ids(get("/api/v1/matches/?live=true")) == [live.pk]
    start = (timezone.now() + timedelta(days=1)).isoformat()
    end = (timezone.now() + timedelta(days=10)).isoformat()
    response = get("/api/v1/matches/", {"date_from": start, "date_to": end})
    assert _ids(response) == [later.pk]
    latest_first = _ids(
        get(f"/api/v1/matches/?competition={live.competition_id}&ordering=-start_time")
    )
    assert latest_first == [far.pk, later.pk, live.pk]


def test_match_list_is_cursor_paginated(anonymous, fixtures):
    first = anonymous.get("/api/v1/matches/?page_size=2").json()
    assert len(first["results"]) == 2
    second = anonymous.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert second["next"] is None
    seen = [m["id"] for m in first["results"] + second["results"]]
    assert len(set(seen)) == 4


def test_live_today_and_upcoming(anonymous, fixtures):
    assert [m["id"] for m in anonymous.get("/api/v1/matches/live/").json()["results"]] == [
        fixtures["live"].pk
    ]
    today = set(_ids(anonymous.get("/api/v1/matches/today/?tz=UTC")))
    assert today == {fixtures["live"].pk, fixtures["cricket"].pk}
    assert _ids(anonymous.get("/api/v1/matches/upcoming/?days=7")) == [fixtures["later"].pk]
    assert _ids(anonymous.get("/api/v1/matches/upcoming/?days=30")) == [
        fixtures["later"].pk,
        fixtures["far"].pk,
    ]


def test_today_follows_the_callers_time_zone(anonymous, fan):
    kiritimati, pago_pago = ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago")
    local_today = timezone.now().astimezone(kiritimati).date()  # UTC+14
    start = datetime.combine(local_today, time(0, 30), tzinfo=kiritimati)
    match = MatchFactory(start_time=start, squads=False)
    assert match.pk in _ids(anonymous.get("/api/v1/matches/today/?tz=Pacific/Kiritimati"))
    # 25 hours behind, the same moment fell on an earlier day.
    assert start.astimezone(pago_pago).date() < timezone.now().astimezone(pago_pago).date()
    assert match.pk not in _ids(anonymous.get("/api/v1/matches/today/?tz=Pacific/Pago_Pago"))
    fan.time_zone = "Pacific/Kiritimati"
    fan.save()
    assert match.pk in _ids(client_for(fan).get("/api/v1/matches/today/"))


def test_detail_events_since_and_commentary(anonymous, football_match):
    _record(football_match, "goal", {"side": "home"})
    _record(football_match, "goal", {"side": "away"})
    services.event_undo(match_id=football_match.pk, source=EventSource.SYSTEM)
    detail = anonymous.get(f"/api/v1/matches/{football_match.pk}/").json()
    assert detail["seq"] == 5
    assert detail["status"] == "live"
    assert detail["is_live"] is True
    assert (detail["summary"]["home"]["score"], detail["summary"]["away"]["score"]) == (1, 0)
    log = anonymous.get(f"/api/v1/matches/{football_match.pk}/events/?since=3").json()
    assert [(e["seq"], e["kind"]) for e in log["events"]] == [(4, "goal"), (5, "undo")]
    assert log["events"][1]["target_seq"] == 4
    assert log["has_more"] is False
    limited = anonymous.get(f"/api/v1/matches/{football_match.pk}/events/?since=0&limit=2").json()
    assert [e["seq"] for e in limited["events"]] == [1, 2]
    assert limited["has_more"] is True
    commentary = anonymous.get(f"/api/v1/matches/{football_match.pk}/commentary/").json()
    assert [(e["seq"], e["kind"]) for e in commentary["entries"]] == [
        (3, "goal"),
        (2, "period_start"),
        (1, "status"),
    ]


def test_lineups_and_stats(anonymous, football_match):
    lineups = anonymous.get(f"/api/v1/matches/{football_match.pk}/lineups/").json()
    assert lineups["home"]["team"]["id"] == football_match.home_team_id
    assert [p["order"] for p in lineups["home"]["players"]] == list(range(11))
    _record(football_match, "stat", {"side": "home", "name": "corners", "value": 4})
    stats = anonymous.get(f"/api/v1/matches/{football_match.pk}/stats/").json()
    assert stats["sport"] == "football"
    assert stats["stats"]["sides"]["home"]["corners"] == 4


def test_competitions_fixtures_results_and_leaders(anonymous, fixtures):
    live = fixtures["live"]
    competition = live.competition
    scorer = live.squad.filter(side="home").first().player
    _record(live, "goal", {"side": "home", "scorer": scorer.pk})
    _record(live, "goal", {"side": "home", "scorer": scorer.pk})
    listed = anonymous.get("/api/v1/competitions/?sport=football").json()["results"]
    assert [c["id"] for c in listed] == [competition.pk]
    detail = anonymous.get(f"/api/v1/competitions/{competition.pk}/").json()
    assert detail["rules"] == competition.rules
    fixtures_ids = _ids(anonymous.get(f"/api/v1/competitions/{competition.pk}/fixtures/"))
    assert fixtures_ids == [live.pk, fixtures["later"].pk, fixtures["far"].pk]
    assert _ids(anonymous.get(f"/api/v1/competitions/{competition.pk}/results/")) == []
    leaders = anonymous.get(f"/api/v1/competitions/{competition.pk}/leaders/").json()
    assert leaders["boards"]["goals"] == [
        {"player": scorer.pk, "name": scorer.name, "value": 2, "matches": 1}
    ]
    services.match_transition(match_id=live.pk, to_status="finished", source=EventSource.SYSTEM)
    assert _ids(anonymous.get(f"/api/v1/competitions/{competition.pk}/results/")) == [live.pk]


def test_teams_and_players(anonymous, football_match):
    team = football_match.home_team
    scorer = football_match.squad.filter(side="home").first().player
    _record(football_match, "goal", {"side": "home", "scorer": scorer.pk})
    assert anonymous.get(f"/api/v1/teams/{team.pk}/").json()["name"] == team.name
    squad = anonymous.get(f"/api/v1/teams/{team.pk}/squad/").json()
    assert len(squad["players"]) == 11
    assert _ids(anonymous.get(f"/api/v1/teams/{team.pk}/fixtures/")) == [football_match.pk]
    player = anonymous.get(f"/api/v1/players/{scorer.pk}/").json()
    assert player["team"]["id"] == team.pk
    assert player["seasons"] == [
        {
            "competition": {
                "id": football_match.competition_id,
                "name": football_match.competition.name,
                "season": "2026",
                "sport": "football",
            },
            "matches": 1,
            "figures": {"goals": 1, "assists": 0},
        }
    ]


def test_team_season_record(anonymous, football_match):
    _record(football_match, "goal", {"side": "home"})
    _record(football_match, "period_end", {"period": "first_half"})
    _record(football_match, "period_start", {"period": "second_half"})
    _record(football_match, "period_end", {"period": "second_half"})
    _record(football_match, "full_time", {})
    services.match_transition(
        match_id=football_match.pk, to_status="finished", source=EventSource.SYSTEM
    )
    home = anonymous.get(f"/api/v1/teams/{football_match.home_team_id}/record/").json()
    away = anonymous.get(f"/api/v1/teams/{football_match.away_team_id}/record/").json()
    assert [(s["played"], s["won"], s["lost"], s["other"]) for s in home["seasons"]] == [
        (1, 1, 0, 0)
    ]
    assert [(s["played"], s["won"], s["lost"], s["other"]) for s in away["seasons"]] == [
        (1, 0, 1, 0)
    ]
