"""Crawl jobs in this process: records become matches and scoring events, exactly once."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from matches import crawl_services
from matches.feeds.fetch import Fetcher
from matches.models import Competition, CrawlJob, CrawlStatus, Match
from scoring.models import MatchEvent
from tests.feeds.documents import fd_goal, fd_list, fd_match
from tests.feeds.feed_server import RECORDED, FakeSleep, FeedServer, Reply

pytestmark = pytest.mark.django_db

SPURS, ARSENAL = (73, "Tottenham Hotspur FC"), (57, "Arsenal FC")


def _run(source: str, config: dict, **create) -> CrawlJob:
    job = crawl_services.crawl_job_create(source=source, config=config, **create)
    with Fetcher(sleep=FakeSleep(), max_attempts=2) as fetcher:
        return crawl_services.crawl_job_run(job_id=job.pk, fetcher=fetcher)


def _fd(feed_server: FeedServer, **config) -> dict:
    return {"api_token": "t", "base_url": feed_server.url("/v4"), **config}


def _log(match: Match) -> list[tuple[str, dict, str | None]]:
    """The log's facts; `at` is when the service recorded them (checked to be there)."""
    log = []
    for event in MatchEvent.objects.filter(match=match).order_by("seq"):
        payload = dict(event.payload)
        if event.kind != "status":
            assert isinstance(payload.pop("at"), float)
        log.append((event.kind, payload, event.idempotency_key))
    return log


def test_a_finished_match_with_events_is_written_in_order(feed_server: FeedServer) -> None:
    feed_server.add_file("/v4/matches/497470", RECORDED / "football_data" / "match_497470.json")

    job = _run("football_data", _fd(feed_server, match_ids=[497470]))

    assert job.status == CrawlStatus.SUCCESS
    assert (job.items_crawled, job.items_updated, job.items_failed) == (1, 1, 0)
    assert job.events_written == 14
    match = Match.objects.get(external_ids__football_data="497470")
    assert match.status == "finished"
    assert str(match.home_team) == "Tottenham Hotspur FC"
    kinds = [kind for kind, _, _ in _log(match)]
    assert kinds == [
        "status",
        "period_start",
        "card",
        "goal",
        "period_end",
        "period_start",
        "card",
        "goal",
        "substitution",
        "substitution",
        "card",
        "goal",
        "result",
        "status",
    ]
    goals = [
        (payload["side"], payload["kind"]) for kind, payload, _ in _log(match) if kind == "goal"
    ]
    assert goals == [("away", "own_goal"), ("home", "penalty"), ("away", "open_play")]
    assert match.scoreboard.summary["text"] == "1-2 FT"
    keys = [key for _, _, key in _log(match)]
    assert "fd:match:497470:goal:39:player:8004" in keys


def test_the_same_facts_crawled_twice_are_written_once(feed_server: FeedServer) -> None:
    feed_server.add_file("/v4/matches/497470", RECORDED / "football_data" / "match_497470.json")
    config = _fd(feed_server, match_ids=[497470])
    _run("football_data", config)

    again = _run("football_data", config)

    assert again.status == CrawlStatus.SUCCESS
    assert (again.items_crawled, again.items_updated, again.events_written) == (1, 0, 0)
    assert MatchEvent.objects.count() == 14
    assert Match.objects.count() == 1


def test_a_live_score_change_becomes_one_goal_per_new_goal(feed_server: FeedServer) -> None:
    path = "/v4/competitions/PL/matches"
    config = _fd(feed_server, competition="PL")
    feed_server.add(
        path, Reply(200, fd_list(fd_match(1, status="IN_PLAY", score=(0, 0), minute=3)))
    )
    _run("football_data", config)
    match = Match.objects.get(external_ids__football_data="1")
    assert match.status == "live"
    assert [kind for kind, _, _ in _log(match)] == ["status", "period_start"]

    feed_server.add(
        path, Reply(200, fd_list(fd_match(1, status="IN_PLAY", score=(2, 0), minute=50)))
    )
    job = _run("football_data", config)

    assert job.events_written == 4
    assert _log(match)[2:] == [
        ("period_end", {"period": "first_half"}, "football_data:1:period_end:first_half"),
        ("period_start", {"period": "second_half"}, "football_data:1:period_start:second_half"),
        ("goal", {"side": "home"}, "football_data:1:goal:home:1"),
        ("goal", {"side": "home"}, "football_data:1:goal:home:2"),
    ]
    match.scoreboard.refresh_from_db()
    assert match.scoreboard.summary["text"].startswith("2-0")


def test_a_goal_first_seen_as_a_score_is_not_counted_again_with_its_scorer(
    feed_server: FeedServer,
) -> None:
    feed_server.add(
        "/v4/competitions/PL/matches",
        Reply(200, fd_list(fd_match(1, status="IN_PLAY", score=(1, 0), minute=20))),
    )
    feed_server.add(
        "/v4/matches/1",
        Reply(
            200,
            json.dumps(
                fd_match(
                    1,
                    status="IN_PLAY",
                    score=(1, 0),
                    minute=25,
                    goals=[fd_goal(12, SPURS, (7801, "Son Heung-min"))],
                )
            ).encode(),
        ),
    )
    _run("football_data", _fd(feed_server, competition="PL"))

    job = _run("football_data", _fd(feed_server, match_ids=[1]))

    match = Match.objects.get(external_ids__football_data="1")
    assert job.events_written == 0
    assert [kind for kind, _, _ in _log(match)].count("goal") == 1


def test_fewer_goals_in_the_feed_than_we_hold_fails_that_match_only(
    feed_server: FeedServer,
) -> None:
    path = "/v4/competitions/PL/matches"
    config = _fd(feed_server, competition="PL")
    feed_server.add(path, Reply(200, fd_list(fd_match(1, status="IN_PLAY", score=(1, 0)))))
    _run("football_data", config)
    before = MatchEvent.objects.count()
    feed_server.add(
        path,
        Reply(
            200,
            fd_list(
                fd_match(1, status="FINISHED", score=(0, 0)),
                fd_match(2, status="IN_PLAY", score=(0, 1), home=(1, "A FC"), away=(2, "B FC")),
            ),
        ),
    )

    job = _run("football_data", config)

    assert job.status == CrawlStatus.SUCCESS
    assert (job.items_crawled, job.items_updated, job.items_failed) == (2, 1, 1)
    assert job.failures == [
        {
            "external_id": "1",
            "error": "the feed gives home 0 goals, we hold 1; a goal may have been "
            "disallowed: review the match",
        }
    ]
    assert job.error.startswith("1 of 2 matches not synced; first: 1: the feed gives home 0")
    assert bytes(job.raw_response).startswith(b'{"competition"')
    # Match 1 kept exactly what it had; match 2 was written.
    assert MatchEvent.objects.filter(match__external_ids__football_data="1").count() == before
    assert Match.objects.get(external_ids__football_data="1").status == "live"
    assert Match.objects.get(external_ids__football_data="2").status == "live"


def test_a_malformed_response_fails_the_job_keeps_the_body_and_writes_nothing(
    feed_server: FeedServer,
) -> None:
    body = b'{"matches": [{"id": 1, "status": "IN_PLAY"}]}'
    feed_server.add("/v4/competitions/PL/matches", Reply(200, fd_list(fd_match(1))))
    feed_server.add("/v4/matches/2", Reply(200, body))

    job = _run("football_data", _fd(feed_server, competition="PL", match_ids=[2]))

    assert job.status == CrawlStatus.FAILED
    assert job.error == (
        f"{feed_server.url('/v4/matches/2')} match[0]: missing field 'competition'"
    )
    assert bytes(job.raw_response) == body
    assert job.raw_response_url == feed_server.url("/v4/matches/2")
    assert "ParseError" in job.traceback
    assert job.finished_at is not None
    assert job.duration is not None
    assert Match.objects.count() == 0
    assert MatchEvent.objects.count() == 0


def test_postponed_then_rescheduled_keeps_its_history(feed_server: FeedServer) -> None:
    path = "/v4/competitions/PL/matches"
    config = _fd(feed_server, competition="PL")
    feed_server.add(path, Reply(200, fd_list(fd_match(5, status="POSTPONED"))))
    _run("football_data", config)
    feed_server.add(
        path, Reply(200, fd_list(fd_match(5, status="TIMED", utc_date="2024-12-04T19:30:00Z")))
    )

    _run("football_data", config)

    match = Match.objects.get(external_ids__football_data="5")
    assert match.status == "scheduled"
    assert match.start_time.isoformat() == "2024-12-04T19:30:00+00:00"
    assert [payload for _, payload, _ in _log(match)] == [
        {"from": "scheduled", "to": "postponed"},
        {"from": "postponed", "to": "scheduled"},
    ]


def test_openfootball_results_and_cancellations(feed_server: FeedServer) -> None:
    url = feed_server.add_file(
        "/fr.1.json", RECORDED / "openfootball" / "2019-20_fr.1.trimmed.json"
    )
    job = _run(
        "openfootball",
        {"url": url, "competition_id": "fr.1", "season": "2019-20", "timezone": "Europe/Paris"},
    )

    assert (job.status, job.items_crawled, job.items_failed) == (CrawlStatus.SUCCESS, 6, 0)
    statuses = sorted(Match.objects.values_list("status", flat=True))
    assert statuses == ["cancelled", "cancelled", "finished", "finished", "finished", "finished"]
    competition = Competition.objects.get()
    assert (competition.name, competition.season, competition.sport) == (
        "French Ligue 1 2019/20",
        "2019-20",
        "football",
    )
    monaco = Match.objects.get(home_team__name="AS Monaco")
    assert monaco.scoreboard.summary["text"] == "0-3 FT"


def test_html_page_live_and_half_time(feed_server: FeedServer) -> None:
    url = feed_server.add_file("/live", RECORDED / "html_scores" / "live_saturday.html")

    job = _run("html_scores", {"url": url})

    assert (job.status, job.items_failed) == (CrawlStatus.SUCCESS, 0)
    assert job.items_crawled == 6
    statuses = dict(Match.objects.values_list("home_team__name", "status"))
    assert statuses["Brighton & Hove Albion"] == "break"
    assert statuses["Fulham"] == "live"
    assert statuses["Gillingham"] == "postponed"


def test_crawl_command_sync_prints_the_job(feed_server: FeedServer, capsys) -> None:
    feed_server.add_file("/v4/matches/497470", RECORDED / "football_data" / "match_497470.json")

    call_command(
        "crawl",
        "football_data",
        "--url",
        feed_server.url("/v4"),
        "--config",
        '{"api_token": "t", "match_ids": [497470]}',
        "--sync",
    )

    job = CrawlJob.objects.get()
    assert capsys.readouterr().out == (
        f"crawl job {job.pk}: success (crawled 1, updated 1, failed 0, events written 14)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--sync"], "unknown feed source 'nope'; available: cricsheet_replay, "),
        (["html_scores", "--sync"], "html_scores: config key 'url' must be a non-empty string"),
        (["html_scores", "--competition", "999999"], "competition 999999 does not exist"),
        (["html_scores", "--config", "[1]"], "--config must be a JSON object"),
    ],
)
def test_crawl_command_errors_are_one_line(args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("crawl", *args)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
    assert CrawlJob.objects.count() == 0


def test_crawl_command_failure_exits_with_the_error(feed_server: FeedServer) -> None:
    url = feed_server.add("/gone", Reply(404, b"no"))
    with pytest.raises(CommandError) as raised:
        call_command("crawl", "html_scores", "--url", url, "--sync")
    job = CrawlJob.objects.get()
    assert str(raised.value) == (
        f"crawl job {job.pk} failed: GET {url} failed: HTTP 404 is not retryable"
    )
