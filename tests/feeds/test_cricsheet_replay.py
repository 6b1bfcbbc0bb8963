from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest

from matches.feeds.crawl import Validators, crawl
from matches.feeds.errors import ConfigError, ParseError
from matches.feeds.fetch import Fetcher
from matches.feeds.records import EventKind, FixtureStatus
from matches.feeds.sources.cricsheet_replay import CricsheetReplaySource
from tests.feeds.feed_server import SHARED_DATA, FakeSleep, FeedServer

# South Africa v Sri Lanka, Cape Town 2019: a tie decided by a super over (126 + 121
# deliveries in the main innings, 6 + 8 in the super over, wides included).
MATCH_FILE = SHARED_DATA / "cricket" / "1144172.json"
START = datetime(2024, 6, 1, 14, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _source(url: str, clock: Clock, **config) -> CricsheetReplaySource:
    return CricsheetReplaySource(
        {
            "url": url,
            "start_at": START.isoformat(),
            "speed": 10,
            "seconds_per_delivery": 30,
            "innings_break_seconds": 600,
            **config,
        },
        clock=clock,
    )


def test_repeated_crawls_return_a_growing_prefix_with_stable_keys(
    feed_server: FeedServer,
) -> None:
    url = feed_server.add_file("/cricsheet/1144172.json", MATCH_FILE, ETag='"1144172-r1"')
    clock = Clock(START - timedelta(seconds=1))
    source = _source(url, clock)
    crawled = []

    with Fetcher(sleep=FakeSleep()) as fetcher:
        validators: dict[str, Validators] = {}
        # At speed 10 a delivery comes every 3 s; the innings break takes 60 s.
        for elapsed in (-1, 0, 3, 17, 600):
            clock.now = START + timedelta(seconds=elapsed)
            outcome = crawl(source, fetcher, validators=validators)
            validators = outcome.validators
            (result,) = outcome.results
            crawled.append(result)

    assert [len(result.events) for result in crawled] == [0, 1, 2, 6, 181]
    assert [result.fixtures[0].status for result in crawled] == [
        FixtureStatus.SCHEDULED,
        FixtureStatus.LIVE,
        FixtureStatus.LIVE,
        FixtureStatus.LIVE,
        FixtureStatus.LIVE,
    ]
    for shorter, longer in itertools.pairwise(crawled):
        assert longer.events[: len(shorter.events)] == shorter.events
    # The body never changes, but the replay must never be answered "unchanged".
    assert all(
        "if-none-match" not in request.headers
        for request in feed_server.requests_to("/cricsheet/1144172.json")
    )
    assert [event.key for event in crawled[3].events] == [
        "cricsheet:1144172:1:0.1",
        "cricsheet:1144172:1:0.2",
        "cricsheet:1144172:1:0.3",
        "cricsheet:1144172:1:0.4",
        "cricsheet:1144172:1:0.5",
        "cricsheet:1144172:1:0.6",
    ]
    # 600 s at speed 10 is 6000 replay seconds: the first innings (126 deliveries, 3780 s)
    # then the break (600 s), then 55 deliveries of the second innings (54 * 30 = 1620 s):
    # nine six-ball overs and the first ball of the tenth (Cricsheet counts overs from 0).
    last = crawled[4].events[-1]
    assert last.key == "cricsheet:1144172:2:9.1"
    assert last.sequence == 180


def test_delivery_payload_keeps_cricsheet_fields(feed_server: FeedServer) -> None:
    url = feed_server.add_file("/1144172.json", MATCH_FILE)
    source = _source(url, Clock(START + timedelta(hours=1)))

    with Fetcher(sleep=FakeSleep()) as fetcher:
        (result,) = crawl(source, fetcher).results

    wicket = result.events[1]
    assert wicket.kind is EventKind.DELIVERY
    assert wicket.source == "cricsheet_replay"
    assert wicket.match_external_id == "1144172"
    assert wicket.payload == {
        "batter": "N Dickwella",
        "bowler": "DW Steyn",
        "non_striker": "WIA Fernando",
        "runs": {"batter": 0, "extras": 0, "total": 0},
        "extras": {},
        "wickets": [
            {"kind": "caught", "player_out": "N Dickwella", "fielders": [{"name": "DA Miller"}]}
        ],
        "innings": 1,
        "batting_team": "Sri Lanka",
        "over": 0,
        "ball": 2,
        "super_over": False,
    }
    leg_bye = next(e for e in result.events if e.key == "cricsheet:1144172:1:5.2")
    assert leg_bye.payload["extras"] == {"legbyes": 1}
    assert leg_bye.payload["runs"] == {"batter": 0, "extras": 1, "total": 1}


def test_finished_replay_includes_super_overs(feed_server: FeedServer) -> None:
    url = feed_server.add_file("/1144172.json", MATCH_FILE)
    source = _source(url, Clock(START + timedelta(days=1)))

    with Fetcher(sleep=FakeSleep()) as fetcher:
        (result,) = crawl(source, fetcher).results

    assert len(result.events) == 126 + 121 + 6 + 8
    assert len({event.key for event in result.events}) == len(result.events)
    assert [event.sequence for event in result.events] == list(range(261))
    # The last super over had two wides: eight deliveries, keyed by position in the over.
    assert result.events[-1].key == "cricsheet:1144172:4:0.8"
    assert result.events[-1].payload["super_over"] is True
    assert result.events[-1].payload["batting_team"] == "Sri Lanka"
    (fixture,) = result.fixtures
    assert fixture.status is FixtureStatus.FINISHED
    # Cricsheet's info.teams order, which lists the hosts first here.
    assert (fixture.home_team_name, fixture.away_team_name) == ("South Africa", "Sri Lanka")
    assert fixture.competition_name == "Sri Lanka tour of South Africa"
    assert fixture.round == "1"
    assert fixture.kickoff == START
    assert (fixture.home_score, fixture.away_score) == (None, None)


def test_local_path_is_read_without_http(tmp_path) -> None:
    path = tmp_path / "1144172.json"
    path.write_bytes(MATCH_FILE.read_bytes())
    source = CricsheetReplaySource(
        {"path": str(path), "start_at": START.isoformat()},
        clock=Clock(START + timedelta(seconds=60)),
    )

    with Fetcher(sleep=FakeSleep()) as fetcher:
        (result,) = crawl(source, fetcher).results

    # Default pace: one delivery every 30 s, so deliveries at 0, 30 and 60 s.
    assert [event.key for event in result.events] == [
        "cricsheet:1144172:1:0.1",
        "cricsheet:1144172:1:0.2",
        "cricsheet:1144172:1:0.3",
    ]
    assert result.url == path.as_uri()


def test_malformed_delivery_raises_parse_error_and_returns_nothing() -> None:
    document = json.loads(MATCH_FILE.read_bytes())
    # Break a delivery near the end: nothing before it may be returned either.
    del document["innings"][1]["overs"][19]["deliveries"][0]["bowler"]
    source = _source("u", Clock(START + timedelta(seconds=5)))

    with pytest.raises(ParseError) as caught:
        source.parse(json.dumps(document).encode(), url="u")

    assert str(caught.value) == "u innings[1] over 19 ball 1: expected a 'bowler' name"


def test_naive_start_time_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        CricsheetReplaySource({"url": "http://x/1.json", "start_at": "2024-06-01T14:00:00"})

    assert str(caught.value) == "start_at needs a UTC offset: '2024-06-01T14:00:00'"
