from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime

import pytest

from matches.feeds.crawl import Validators, crawl
from matches.feeds.fetch import Fetcher
from matches.feeds.records import EventKind, EventRecord, FixtureRecord, FixtureStatus
from matches.feeds.registry import UnknownSourceError, available_sources, get_source
from matches.feeds.sources.html_scores import HtmlScoresSource
from matches.feeds.sources.openfootball import OpenFootballSource
from tests.feeds.feed_server import RECORDED, FakeSleep, FeedServer, Reply


def test_registry_lists_and_returns_builtin_sources() -> None:
    assert available_sources() == [
        "cricsheet_replay",
        "football_data",
        "html_scores",
        "openfootball",
    ]
    assert get_source("openfootball") is OpenFootballSource


def test_unknown_source_names_the_available_ones() -> None:
    with pytest.raises(UnknownSourceError) as caught:
        get_source("espn")

    assert str(caught.value) == (
        "unknown feed source 'espn'; available: "
        "cricsheet_replay, football_data, html_scores, openfootball"
    )


def test_fixture_record_round_trips_through_json() -> None:
    fixture = FixtureRecord(
        source="football_data",
        external_id="497460",
        competition_external_id="2021",
        competition_name="Premier League",
        home_team_name="Liverpool FC",
        away_team_name="Nottingham Forest FC",
        kickoff=datetime(2024, 9, 14, 14, 0, tzinfo=UTC),
        status=FixtureStatus.LIVE,
        home_score=0,
        away_score=1,
        minute="72'",
    )

    data = json.loads(json.dumps(fixture.to_dict()))

    assert data["kickoff"] == "2024-09-14T14:00:00+00:00"
    assert data["status"] == "live"
    assert FixtureRecord.from_dict(data) == fixture


def test_event_record_round_trips_through_json() -> None:
    event = EventRecord(
        source="cricsheet_replay",
        match_external_id="1144172",
        key="cricsheet:1144172:1:0.2",
        kind=EventKind.DELIVERY,
        sequence=1,
        payload={"runs": {"batter": 0, "extras": 0, "total": 0}, "wickets": []},
    )

    data = json.loads(json.dumps(event.to_dict()))

    assert data["kind"] == "delivery"
    assert EventRecord.from_dict(data) == event


def test_fixture_record_refuses_a_naive_kickoff() -> None:
    with pytest.raises(ValueError, match="kickoff must be timezone-aware"):
        FixtureRecord(
            source="s",
            external_id="1",
            competition_external_id="c",
            competition_name="C",
            home_team_name="H",
            away_team_name="A",
            kickoff=datetime(2024, 9, 14, 14, 0),  # noqa: DTZ001 - the point of the test
            status=FixtureStatus.SCHEDULED,
        )


def test_crawl_skips_parsing_unchanged_pages(feed_server: FeedServer) -> None:
    page = (RECORDED / "html_scores" / "live_saturday.html").read_bytes()

    def respond(headers: Mapping[str, str]) -> Reply:
        if headers.get("if-none-match") == '"p1"':
            return Reply(304, b"", {"ETag": '"p1"'})
        return Reply(200, page, {"ETag": '"p1"', "Last-Modified": "Sat, 14 Sep 2024 15:12:00 GMT"})

    url = feed_server.add_dynamic("/scores", respond)
    source = HtmlScoresSource({"url": url})

    with Fetcher(sleep=FakeSleep()) as fetcher:
        first = crawl(source, fetcher)
        second = crawl(source, fetcher, validators=first.validators)

    assert len(first.results) == 1
    assert first.unchanged_urls == ()
    assert first.validators == {url: Validators('"p1"', "Sat, 14 Sep 2024 15:12:00 GMT")}
    assert second.results == ()
    assert second.unchanged_urls == (url,)
    assert second.validators == first.validators
    assert Validators.from_dict(first.validators[url].to_dict()) == first.validators[url]
