from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from matches.feeds.crawl import crawl
from matches.feeds.errors import ConfigError, ParseError
from matches.feeds.fetch import Fetcher
from matches.feeds.records import FixtureRecord, FixtureStatus
from matches.feeds.sources.openfootball import OpenFootballSource
from tests.feeds.feed_server import RECORDED, SHARED_DATA, FakeSleep, FeedServer

LIGUE_1_TRIMMED = RECORDED / "openfootball" / "2019-20_fr.1.trimmed.json"
PLAYOFFS = RECORDED / "openfootball" / "2021-22_en.2.playoffs.json"
PARIS = ZoneInfo("Europe/Paris")
LONDON = ZoneInfo("Europe/London")


def _source(url: str, competition_id: str, season: str, timezone: str) -> OpenFootballSource:
    return OpenFootballSource(
        {"url": url, "competition_id": competition_id, "season": season, "timezone": timezone}
    )


def _crawl(feed_server: FeedServer, path: str, file, **config) -> tuple[FixtureRecord, ...]:
    url = feed_server.add_file(path, file)
    with Fetcher(sleep=FakeSleep()) as fetcher:
        (result,) = crawl(_source(url, **config), fetcher).results
    return result.fixtures


def test_trimmed_ligue_1_season_parses_results_and_cancelled_matches(
    feed_server: FeedServer,
) -> None:
    fixtures = _crawl(
        feed_server,
        "/fr.1.json",
        LIGUE_1_TRIMMED,
        competition_id="fr.1",
        season="2019-20",
        timezone="Europe/Paris",
    )

    common = {
        "source": "openfootball",
        "competition_external_id": "fr.1",
        "competition_name": "French Ligue 1 2019/20",
        "season": "2019-20",
    }
    assert len(fixtures) == 6
    assert fixtures[0] == FixtureRecord(
        **common,
        external_id="fr.1:2019-20:AS Monaco:Olympique Lyonnais",
        home_team_name="AS Monaco",
        away_team_name="Olympique Lyonnais",
        kickoff=datetime(2019, 8, 9, 20, 45, tzinfo=PARIS),
        status=FixtureStatus.FINISHED,
        round="Matchday 1",
        home_score=0,
        away_score=3,
        home_score_half_time=0,
        away_score_half_time=2,
    )
    assert fixtures[0].kickoff == datetime(2019, 8, 9, 18, 45, tzinfo=UTC)
    assert fixtures[4] == FixtureRecord(
        **common,
        external_id="fr.1:2019-20:RC Strasbourg:Paris Saint-Germain",
        home_team_name="RC Strasbourg",
        away_team_name="Paris Saint-Germain",
        kickoff=datetime(2020, 3, 7, 0, 0, tzinfo=PARIS),
        status=FixtureStatus.CANCELLED,
        round="Matchday 28",
        is_kickoff_time_known=False,
    )
    assert [f.status for f in fixtures] == [FixtureStatus.FINISHED] * 4 + [
        FixtureStatus.CANCELLED
    ] * 2


def test_playoffs_keep_stage_and_extra_time_and_penalties(feed_server: FeedServer) -> None:
    fixtures = _crawl(
        feed_server,
        "/en.2.json",
        PLAYOFFS,
        competition_id="en.2",
        season="2021-22",
        timezone="Europe/London",
    )

    assert [f.external_id for f in fixtures] == [
        "en.2:2021-22:Regular:Birmingham City FC:Blackburn Rovers FC",
        "en.2:2021-22:Playoffs:Luton Town FC:Huddersfield Town AFC",
        "en.2:2021-22:Playoffs:Sheffield United FC:Nottingham Forest FC",
        "en.2:2021-22:Playoffs:Huddersfield Town AFC:Luton Town FC",
        "en.2:2021-22:Playoffs:Nottingham Forest FC:Sheffield United FC",
        "en.2:2021-22:Playoffs:Huddersfield Town AFC:Nottingham Forest FC",
    ]
    semi_final = fixtures[4]
    assert (semi_final.stage, semi_final.round) == ("Playoffs", None)
    assert (semi_final.home_score, semi_final.away_score) == (1, 2)
    assert (semi_final.home_score_penalties, semi_final.away_score_penalties) == (3, 2)
    assert semi_final.kickoff == datetime(2022, 5, 17, 19, 45, tzinfo=LONDON)
    final = fixtures[5]
    assert (final.home_score, final.away_score, final.home_score_penalties) == (0, 1, None)


def test_full_shared_season_file_parses_every_match(feed_server: FeedServer) -> None:
    fixtures = _crawl(
        feed_server,
        "/2019-20_fr.1.json",
        SHARED_DATA / "football" / "2019-20_fr.1.json",
        competition_id="fr.1",
        season="2019-20",
        timezone="Europe/Paris",
    )

    assert len(fixtures) == 380
    assert len({f.external_id for f in fixtures}) == 380
    assert Counter(f.status for f in fixtures) == {
        FixtureStatus.FINISHED: 279,
        FixtureStatus.CANCELLED: 101,
    }


def test_awarded_match_keeps_its_awarded_score(feed_server: FeedServer) -> None:
    fixtures = _crawl(
        feed_server,
        "/2018-19_en.2.json",
        SHARED_DATA / "football" / "2018-19_en.2.json",
        competition_id="en.2",
        season="2018-19",
        timezone="Europe/London",
    )

    (awarded,) = [f for f in fixtures if f.status is FixtureStatus.AWARDED]
    assert awarded.external_id == "en.2:2018-19:Bolton Wanderers:Brentford FC"
    assert (awarded.home_score, awarded.away_score) == (0, 1)


def test_match_without_score_or_status_is_scheduled() -> None:
    source = _source("u", "en.1", "2024-25", "Europe/London")
    body = json.dumps(
        {
            "name": "English Premier League 2024/25",
            "matches": [
                {
                    "round": "Matchday 1",
                    "date": "2024-08-16",
                    "time": "20:00",
                    "team1": "Manchester United FC",
                    "team2": "Fulham FC",
                }
            ],
        }
    ).encode()

    (fixture,) = source.parse(body, url="u").fixtures

    assert fixture.status is FixtureStatus.SCHEDULED
    assert fixture.home_score is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda d: d["matches"][2].pop("team2"),
            "u matches[2]: expected 'team1' and 'team2' names",
        ),
        (
            lambda d: d["matches"][1].update(date="10/08/2019"),
            "u matches[1]: bad date/time '10/08/2019' '17:30'",
        ),
        (
            lambda d: d["matches"][0]["score"].update(ft=[0]),
            "u matches[0]: expected score.ft to be two non-negative integers",
        ),
        (
            lambda d: d["matches"][5].update(status="abandonné"),
            "u matches[5]: unknown status 'abandonné'",
        ),
        (lambda d: d.pop("matches"), "u: expected 'matches' to be a list"),
    ],
)
def test_malformed_season_file_raises_parse_error(change, reason: str) -> None:
    document = json.loads(LIGUE_1_TRIMMED.read_bytes())
    change(document)
    source = _source("u", "fr.1", "2019-20", "Europe/Paris")

    with pytest.raises(ParseError) as caught:
        source.parse(json.dumps(document).encode(), url="u")

    assert str(caught.value) == reason


def test_unknown_timezone_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        _source("u", "fr.1", "2019-20", "Europe/Atlantis")

    assert str(caught.value) == "unknown timezone 'Europe/Atlantis'"
