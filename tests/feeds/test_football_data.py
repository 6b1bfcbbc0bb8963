from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from matches.feeds.crawl import crawl
from matches.feeds.errors import ConfigError, ParseError
from matches.feeds.fetch import Fetcher
from matches.feeds.records import EventKind, FixtureRecord, FixtureStatus
from matches.feeds.sources.base import FeedRequest
from matches.feeds.sources.football_data import FootballDataSource
from tests.feeds.feed_server import RECORDED, FakeSleep, FeedServer

COMPETITION = RECORDED / "football_data" / "competition_PL_matchday4.json"
MATCH = RECORDED / "football_data" / "match_497470.json"


def _source(feed_server: FeedServer, **config) -> FootballDataSource:
    return FootballDataSource(
        {"api_token": "token-123", "base_url": feed_server.url("/v4"), **config}
    )


def test_build_requests_for_competition_and_matches() -> None:
    source = FootballDataSource(
        {
            "api_token": "token-123",
            "competition": "PL",
            "season": 2024,
            "date_from": "2024-09-14",
            "date_to": "2024-09-15",
            "match_ids": [497470],
        }
    )

    assert source.build_requests() == [
        FeedRequest(
            url=(
                "https://api.football-data.org/v4/competitions/PL/matches"
                "?season=2024&dateFrom=2024-09-14&dateTo=2024-09-15"
            ),
            headers={"X-Auth-Token": "token-123"},
        ),
        FeedRequest(
            url="https://api.football-data.org/v4/matches/497470",
            headers={"X-Auth-Token": "token-123"},
        ),
    ]


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        ({"competition": "PL"}, "config key 'api_token' must be a non-empty string, got None"),
        ({"api_token": "t"}, "football_data needs 'competition' or 'match_ids' in its config"),
    ],
)
def test_bad_config_is_refused(config: dict, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FootballDataSource(config)

    assert str(caught.value) == reason


def test_competition_matches_crawled_with_auth_token(
    feed_server: FeedServer, fake_sleep: FakeSleep
) -> None:
    feed_server.add_file("/v4/competitions/PL/matches?season=2024", COMPETITION)
    source = _source(feed_server, competition="PL", season=2024)

    with Fetcher(sleep=fake_sleep) as fetcher:
        outcome = crawl(source, fetcher)

    (request,) = feed_server.requests_to("/v4/competitions/PL/matches?season=2024")
    assert request.headers["x-auth-token"] == "token-123"
    (result,) = outcome.results
    assert result.source == "football_data"
    assert result.raw == COMPETITION.read_bytes()
    assert result.events == ()
    common = {
        "source": "football_data",
        "competition_external_id": "2021",
        "competition_name": "Premier League",
        "season": "2024-25",
        "round": "Matchday 4",
        "stage": "REGULAR_SEASON",
    }
    assert result.fixtures == (
        FixtureRecord(
            **common,
            external_id="497459",
            home_team_name="Manchester City FC",
            away_team_name="Brentford FC",
            home_team_external_id="65",
            away_team_external_id="402",
            kickoff=datetime(2024, 9, 14, 11, 30, tzinfo=UTC),
            status=FixtureStatus.FINISHED,
            home_score=2,
            away_score=1,
            home_score_half_time=1,
            away_score_half_time=1,
        ),
        FixtureRecord(
            **common,
            external_id="497460",
            home_team_name="Liverpool FC",
            away_team_name="Nottingham Forest FC",
            home_team_external_id="64",
            away_team_external_id="351",
            kickoff=datetime(2024, 9, 14, 14, 0, tzinfo=UTC),
            status=FixtureStatus.LIVE,
            home_score=0,
            away_score=1,
            home_score_half_time=0,
            away_score_half_time=0,
            minute="72'",
        ),
        FixtureRecord(
            **common,
            external_id="497461",
            home_team_name="Chelsea FC",
            away_team_name="AFC Bournemouth",
            home_team_external_id="61",
            away_team_external_id="1044",
            kickoff=datetime(2024, 9, 14, 14, 0, tzinfo=UTC),
            status=FixtureStatus.LIVE,
            home_score=0,
            away_score=0,
            home_score_half_time=0,
            away_score_half_time=0,
            minute="HT",
        ),
        FixtureRecord(
            **common,
            external_id="497462",
            home_team_name="Tottenham Hotspur FC",
            away_team_name="Arsenal FC",
            home_team_external_id="73",
            away_team_external_id="57",
            kickoff=datetime(2024, 9, 15, 15, 0, tzinfo=UTC),
            status=FixtureStatus.SCHEDULED,
        ),
        FixtureRecord(
            **common,
            external_id="497463",
            home_team_name="AFC Bournemouth",
            away_team_name="Liverpool FC",
            home_team_external_id="1044",
            away_team_external_id="64",
            kickoff=datetime(2024, 9, 15, 13, 0, tzinfo=UTC),
            status=FixtureStatus.POSTPONED,
        ),
    )


def test_match_detail_yields_goals_cards_and_substitutions_in_order() -> None:
    source = FootballDataSource({"api_token": "t", "match_ids": [497470]})

    result = source.parse(MATCH.read_bytes(), url="https://api.football-data.org/v4/matches/497470")

    (fixture,) = result.fixtures
    assert (fixture.external_id, fixture.status) == ("497470", FixtureStatus.FINISHED)
    assert (fixture.home_score, fixture.away_score) == (1, 2)
    assert (fixture.home_score_half_time, fixture.away_score_half_time) == (0, 1)
    assert [(e.sequence, e.kind, e.key) for e in result.events] == [
        (0, EventKind.CARD, "fd:match:497470:card:27:player:3244:yellow"),
        (1, EventKind.GOAL, "fd:match:497470:goal:39:player:8004"),
        (2, EventKind.CARD, "fd:match:497470:card:58:player:8004:yellow"),
        (3, EventKind.GOAL, "fd:match:497470:goal:64:player:7801"),
        (4, EventKind.SUBSTITUTION, "fd:match:497470:substitution:64:out:3244:in:99310"),
        (5, EventKind.SUBSTITUTION, "fd:match:497470:substitution:75:out:7801:in:146012"),
        (6, EventKind.CARD, "fd:match:497470:card:81:player:8004:second_yellow"),
        (7, EventKind.GOAL, "fd:match:497470:goal:90+3:player:7784"),
    ]
    assert {e.source for e in result.events} == {"football_data"}
    assert {e.match_external_id for e in result.events} == {"497470"}
    _, own_goal, _, penalty, substitution, _, red, late_goal = (e.payload for e in result.events)
    assert own_goal == {
        "minute": 39,
        "injury_time": None,
        "team_external_id": "57",
        "team_side": "away",
        "goal_type": "own_goal",
        "scorer": {"external_id": "8004", "name": "Cristian Romero"},
        "assist": None,
    }
    assert penalty["goal_type"] == "penalty"
    assert penalty["team_side"] == "home"
    assert late_goal == {
        "minute": 90,
        "injury_time": 3,
        "team_external_id": "57",
        "team_side": "away",
        "goal_type": "regular",
        "scorer": {"external_id": "7784", "name": "Gabriel Magalhães"},
        "assist": {"external_id": "3244", "name": "Bukayo Saka"},
    }
    assert red == {
        "minute": 81,
        "injury_time": None,
        "team_external_id": "73",
        "team_side": "home",
        "card": "second_yellow",
        "player": {"external_id": "8004", "name": "Cristian Romero"},
    }
    assert substitution == {
        "minute": 64,
        "injury_time": None,
        "team_external_id": "57",
        "team_side": "away",
        "player_out": {"external_id": "3244", "name": "Bukayo Saka"},
        "player_in": {"external_id": "99310", "name": "Raheem Sterling"},
    }


def test_recrawled_match_keeps_keys_of_known_facts() -> None:
    source = FootballDataSource({"api_token": "t", "match_ids": [497470]})
    document = json.loads(MATCH.read_bytes())
    earlier = dict(document, status="IN_PLAY", minute=70)
    earlier["goals"] = document["goals"][:2]
    earlier["bookings"] = document["bookings"][:2]
    earlier["substitutions"] = document["substitutions"][:1]

    before = source.parse(json.dumps(earlier).encode(), url="u")
    after = source.parse(MATCH.read_bytes(), url="u")

    assert before.fixtures[0].minute == "70'"
    assert {e.key for e in before.events} < {e.key for e in after.events}
    assert len({e.key for e in after.events}) == len(after.events)


def test_same_player_same_minute_twice_gets_distinct_keys() -> None:
    source = FootballDataSource({"api_token": "t", "match_ids": [497470]})
    document = json.loads(MATCH.read_bytes())
    document["goals"].append(dict(document["goals"][2]))

    result = source.parse(json.dumps(document).encode(), url="u")

    assert [e.key for e in result.events if e.kind is EventKind.GOAL][-2:] == [
        "fd:match:497470:goal:90+3:player:7784",
        "fd:match:497470:goal:90+3:player:7784:2",
    ]


def _broken(change) -> bytes:
    document = json.loads(COMPETITION.read_bytes())
    change(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"matches": [', "u: body is not JSON: Expecting value: line 1 column 14 (char 13)"),
        (b"[]", "u: expected a JSON object"),
        (
            _broken(lambda d: d["matches"][4].update(status="ABANDONED")),
            "u match[4]: unknown status 'ABANDONED'",
        ),
        (
            _broken(lambda d: d["matches"][3].pop("homeTeam")),
            "u match[3]: missing field 'homeTeam'",
        ),
        (
            _broken(lambda d: d["matches"][0].update(utcDate="2024-09-14 11:30")),
            "u match[0]: utcDate has no timezone: '2024-09-14 11:30'",
        ),
        (
            _broken(lambda d: d["matches"][0]["score"]["fullTime"].update(home="2")),
            "u match[0]: score.fullTime.home is not a non-negative integer: '2'",
        ),
    ],
)
def test_malformed_response_raises_parse_error(body: bytes, reason: str) -> None:
    source = FootballDataSource({"api_token": "t", "competition": "PL"})

    with pytest.raises(ParseError) as caught:
        source.parse(body, url="u")

    assert str(caught.value) == reason


def test_event_for_a_team_not_in_the_match_is_refused() -> None:
    source = FootballDataSource({"api_token": "t", "match_ids": [497470]})
    document = json.loads(MATCH.read_bytes())
    document["bookings"][1]["team"] = {"id": 66, "name": "Manchester United FC"}

    with pytest.raises(ParseError) as caught:
        source.parse(json.dumps(document).encode(), url="u")

    assert str(caught.value) == "u bookings[1]: team 66 is neither the home nor the away team"
