from __future__ import annotations

from datetime import UTC, datetime

import pytest

from matches.feeds.crawl import crawl
from matches.feeds.errors import ParseError
from matches.feeds.fetch import Fetcher
from matches.feeds.records import FixtureRecord, FixtureStatus
from matches.feeds.sources.html_scores import HtmlScoresSource
from tests.feeds.feed_server import RECORDED, FakeSleep, FeedServer

PAGES = RECORDED / "html_scores"


def _parse(page: str, body: bytes | None = None) -> tuple[FixtureRecord, ...]:
    source = HtmlScoresSource({"url": "https://scores.example/football"})
    data = body if body is not None else (PAGES / page).read_bytes()
    return source.parse(data, url="u").fixtures


def test_live_page_parses_every_fixture(feed_server: FeedServer) -> None:
    url = feed_server.add_file("/football/scores/2024-09-14", PAGES / "live_saturday.html")

    with Fetcher(sleep=FakeSleep()) as fetcher:
        (result,) = crawl(HtmlScoresSource({"url": url}), fetcher).results

    (request,) = feed_server.requests_to("/football/scores/2024-09-14")
    assert request.headers["accept"] == "text/html"
    premier_league = {
        "source": "html_scores",
        "competition_external_id": "eng-premier-league",
        "competition_name": "Premier League",
        "season": "2024-25",
        "round": "Matchday 4",
    }
    assert result.fixtures == (
        FixtureRecord(
            **premier_league,
            external_id="EPL-2024-0031",
            home_team_name="Manchester City",
            away_team_name="Brentford",
            home_team_external_id="mci",
            away_team_external_id="bre",
            kickoff=datetime(2024, 9, 14, 11, 30, tzinfo=UTC),
            status=FixtureStatus.FINISHED,
            home_score=2,
            away_score=1,
            home_score_half_time=1,
            away_score_half_time=1,
        ),
        FixtureRecord(
            **premier_league,
            external_id="EPL-2024-0032",
            home_team_name="Liverpool",
            away_team_name="Nottingham Forest",
            home_team_external_id="liv",
            away_team_external_id="nfo",
            kickoff=datetime(2024, 9, 14, 14, 0, tzinfo=UTC),
            status=FixtureStatus.LIVE,
            home_score=0,
            away_score=1,
            home_score_half_time=0,
            away_score_half_time=0,
            minute="72'",
        ),
        FixtureRecord(
            **premier_league,
            external_id="EPL-2024-0033",
            home_team_name="Brighton & Hove Albion",
            away_team_name="Ipswich Town",
            home_team_external_id="bha",
            away_team_external_id="ips",
            kickoff=datetime(2024, 9, 14, 14, 0, tzinfo=UTC),
            status=FixtureStatus.LIVE,
            home_score=0,
            away_score=0,
            minute="HT",
        ),
        FixtureRecord(
            **premier_league,
            external_id="EPL-2024-0034",
            home_team_name="Fulham",
            away_team_name="West Ham United",
            home_team_external_id="ful",
            away_team_external_id="whu",
            kickoff=datetime(2024, 9, 14, 14, 0, tzinfo=UTC),
            status=FixtureStatus.LIVE,
            home_score=1,
            away_score=1,
            minute="45+2'",
        ),
        FixtureRecord(
            **premier_league,
            external_id="EPL-2024-0035",
            home_team_name="Southampton",
            away_team_name="Manchester United",
            home_team_external_id="sou",
            away_team_external_id="mun",
            kickoff=datetime(2024, 9, 14, 16, 30, tzinfo=UTC),
            status=FixtureStatus.SCHEDULED,
        ),
        FixtureRecord(
            source="html_scores",
            competition_external_id="eng-league-two",
            competition_name="League Two",
            season="2024-25",
            external_id="EL2-2024-0077",
            home_team_name="Gillingham",
            away_team_name="Grimsby Town",
            home_team_external_id="gil",
            away_team_external_id="gri",
            kickoff=datetime(2024, 9, 14, 14, 0, tzinfo=UTC),
            status=FixtureStatus.POSTPONED,
        ),
    )


def test_page_saying_no_fixtures_is_an_empty_result() -> None:
    assert _parse("quiet_day.html") == ()


def test_redesigned_layout_raises_parse_error() -> None:
    with pytest.raises(ParseError) as caught:
        _parse("redesigned_layout.html")

    assert str(caught.value) == "u: no fixtures and no 'no fixtures' notice; layout changed?"


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            '<span class="fixture__goals fixture__goals--away">1</span>\n'
            "          </span>\n"
            '          <a class="fixture__team fixture__team--away" data-team-id="nfo"',
            '</span>\n          <a class="fixture__team fixture__team--away" data-team-id="nfo"',
            "u eng-premier-league fixture[1]: live fixture shows no score",
        ),
        (
            'data-status="ht"',
            'data-status="half-time"',
            "u eng-premier-league fixture[2]: unknown status 'half-time'",
        ),
        (
            ">Grimsby Town</a>",
            "></a>",
            "u eng-league-two fixture[0]: fixture lacks a home or away team name",
        ),
        (
            '<span class="fixture__ht">HT 0-0</span>',
            '<span class="fixture__ht">Half time: nil-nil</span>',
            "u eng-premier-league fixture[1]: half-time score 'Half time: nil-nil' is not 'HT h-a'",
        ),
        (
            'data-kickoff="2024-09-14T16:30:00Z"',
            'data-kickoff="17:30"',
            "u eng-premier-league fixture[4]: data-kickoff is not ISO 8601: '17:30'",
        ),
    ],
)
def test_damaged_row_raises_parse_error_for_the_whole_page(old: str, new: str, reason: str) -> None:
    page = (PAGES / "live_saturday.html").read_text(encoding="utf-8")
    assert page.count(old) == 1
    damaged = page.replace(old, new).encode()

    with pytest.raises(ParseError) as caught:
        _parse("", body=damaged)

    assert str(caught.value) == reason
