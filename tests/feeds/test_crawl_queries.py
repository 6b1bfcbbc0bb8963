"""What one crawl of a matchday costs in SQL statements: a bound per match, so an N+1 (a
lookup per match, a query per event, a second read of the same rows) fails here first.

Counted: everything the job runs, the after-commit broadcasts included; under the test's
own transaction each per-match transaction adds two savepoint statements."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matches import crawl_services
from matches.feeds.fetch import Fetcher
from matches.models import CrawlJob, CrawlStatus
from scoring.models import MatchEvent, PendingBroadcast
from tests.feeds.documents import fd_list, fd_match
from tests.feeds.feed_server import FakeSleep, FeedServer, Reply

pytestmark = pytest.mark.django_db

MATCHES = 6
PATH = "/v4/competitions/PL/matches"
JOB_STATEMENTS = 3  # read the job, mark it running, finish it
# Per match: fixture lock, find the match, (savepoint), the batch's scoreboard lock, the
# match under the lock and the log's keys, one insert of the new events, one projection
# update, the outbox hold, and the outbox row cleared after the broadcast.
PER_MATCH_WRITING = 13
PER_MATCH_UNCHANGED = 9  # the same reads, nothing written
# The first crawl also creates each match, its teams and its scoreboard, and kicks it off
# (a status change of its own, broadcast as its own frame) before the batched events.
PER_MATCH_KICK_OFF = 40


def matchday(goals: tuple[int, int]) -> bytes:
    return fd_list(
        *(
            fd_match(
                5000 + index,
                status="IN_PLAY",
                home=(6000 + 2 * index, f"Home {index}"),
                away=(6001 + 2 * index, f"Away {index}"),
                score=goals,
                minute=30,
            )
            for index in range(MATCHES)
        )
    )


def crawl(
    feed_server: FeedServer, goals: tuple[int, int], capture_on_commit
) -> tuple[CrawlJob, int]:
    feed_server.routes.clear()
    feed_server.add(PATH, Reply(200, matchday(goals)))
    job = crawl_services.crawl_job_create(
        source="football_data",
        config={"api_token": "t", "base_url": feed_server.url("/v4"), "competition": "PL"},
    )
    with (
        Fetcher(sleep=FakeSleep(), max_attempts=2) as fetcher,
        CaptureQueriesContext(connection) as queries,
        capture_on_commit(execute=True),
    ):
        job = crawl_services.crawl_job_run(job_id=job.pk, fetcher=fetcher)
    assert job.status == CrawlStatus.SUCCESS, job.error
    assert job.items_crawled == MATCHES
    return job, len(queries)


def test_a_matchday_crawl_costs_a_bounded_number_of_statements_per_match(
    feed_server: FeedServer, django_capture_on_commit_callbacks
) -> None:
    kick_off, statements = crawl(feed_server, (0, 0), django_capture_on_commit_callbacks)
    assert kick_off.events_written == 2 * MATCHES  # live, first half under way
    assert statements <= JOB_STATEMENTS + PER_MATCH_KICK_OFF * MATCHES

    one_goal, statements = crawl(feed_server, (1, 0), django_capture_on_commit_callbacks)
    assert one_goal.events_written == MATCHES
    assert statements <= JOB_STATEMENTS + PER_MATCH_WRITING * MATCHES

    # Four more goals per match cost what one does: nothing is per event.
    four_goals, statements = crawl(feed_server, (3, 2), django_capture_on_commit_callbacks)
    assert four_goals.events_written == 4 * MATCHES
    assert statements <= JOB_STATEMENTS + PER_MATCH_WRITING * MATCHES

    unchanged, statements = crawl(feed_server, (3, 2), django_capture_on_commit_callbacks)
    assert unchanged.events_written == 0
    assert statements <= JOB_STATEMENTS + PER_MATCH_UNCHANGED * MATCHES

    assert MatchEvent.objects.filter(kind="goal").count() == 5 * MATCHES
    assert not PendingBroadcast.objects.exists()  # every frame was sent after its commit
