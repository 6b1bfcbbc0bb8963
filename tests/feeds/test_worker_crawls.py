"""Crawls end to end through real Celery workers (subprocesses) on the real PostgreSQL and
Redis, against a local HTTP server playing recorded responses."""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

import psycopg
import pytest
from channels.db import database_sync_to_async
from django.db import connection, transaction
from django.utils import timezone

from livescore.celery import app
from matches import crawl_services
from matches.feed_sync import fixture_lock_key
from matches.models import CrawlJob, CrawlStatus, Match
from scoring.models import MatchEvent
from tests.factories import CompetitionFactory, MatchFactory
from tests.feeds.documents import fd_list, fd_match
from tests.feeds.feed_server import RECORDED, FeedServer, Reply
from tests.feeds.workers import (
    CeleryProcess,
    Worker,
    restore,
    subprocess_env,
    use_real_workers,
    wait_for,
)
from tests.foundation.test_broadcast import subscribed

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


@pytest.fixture(scope="module")
def queue() -> str:
    return f"feeds-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def workers(django_db_setup, queue, tmp_path_factory) -> Iterator[tuple[Worker, Worker]]:
    saved = use_real_workers(queue)
    tmp = tmp_path_factory.mktemp("workers")
    first = Worker("first", queue, tmp)
    second = Worker("second", queue, tmp)
    yield first, second
    for worker in (first, second):
        worker.stop()
    restore(saved)


def _start(source: str, config: dict) -> int:
    with transaction.atomic():
        job = crawl_services.crawl_job_create(source=source, config=config)
        crawl_services.crawl_job_enqueue(job=job)
    return job.pk


def _finished(job_id: int, *, timeout: float = 20.0) -> CrawlJob:
    def final():
        job = CrawlJob.objects.get(pk=job_id)
        return job if job.status not in (CrawlStatus.PENDING, CrawlStatus.RUNNING) else None

    return wait_for(final, timeout=timeout, what=f"crawl job {job_id} to finish")


def _fd(feed_server: FeedServer, **config) -> dict:
    return {"api_token": "t", "base_url": feed_server.url("/v4"), **config}


def test_new_fixtures_appear(workers, feed_server: FeedServer) -> None:
    feed_server.add_file(
        "/v4/competitions/PL/matches",
        RECORDED / "football_data" / "competition_PL_matchday4.json",
    )

    job = _finished(_start("football_data", _fd(feed_server, competition="PL")))

    assert job.status == CrawlStatus.SUCCESS, job.error
    assert (job.items_crawled, job.items_updated, job.items_failed) == (5, 5, 0)
    assert job.worker.split(" pid ")[0] in {w.hostname for w in workers}
    assert job.task_id
    assert dict(Match.objects.values_list("external_ids__football_data", "status")) == {
        "497459": "finished",
        "497460": "live",
        "497461": "break",
        "497462": "scheduled",
        "497463": "postponed",
    }


async def test_a_live_score_change_reaches_a_subscribed_fan(workers, feed_server) -> None:
    path = "/v4/competitions/PL/matches"
    config = _fd(feed_server, competition="PL")
    feed_server.add(path, Reply(200, fd_list(fd_match(7, status="IN_PLAY", score=(0, 0)))))
    fan = await subscribed(["live:all"])

    first = await database_sync_to_async(_start)("football_data", config)
    frames = [await fan.receive_json_from(timeout=20) for _ in range(2)]
    assert [(f["type"], f["seq"]) for f in frames] == [("status", 1), ("period_start", 2)]
    assert frames[0]["data"]["status"] == "live"
    match_id = frames[0]["match"]
    job = await database_sync_to_async(_finished)(first)
    assert job.status == CrawlStatus.SUCCESS

    feed_server.add(path, Reply(200, fd_list(fd_match(7, status="IN_PLAY", score=(1, 0)))))
    await database_sync_to_async(_start)("football_data", config)
    goal = await fan.receive_json_from(timeout=20)

    assert (goal["type"], goal["seq"], goal["match"]) == ("goal", 3, match_id)
    assert {**goal["data"]["payload"], "at": None} == {"side": "home", "at": None}
    assert goal["data"]["summary"]["text"].startswith("1-0")
    assert await fan.receive_nothing(timeout=0.5)
    await fan.disconnect()


def test_a_429_is_retried_after_its_retry_after(workers, feed_server: FeedServer) -> None:
    path = "/v4/competitions/PL/matches"
    feed_server.add(
        path,
        Reply(429, b'{"message": "slow down"}', {"Retry-After": "1"}),
        Reply(200, fd_list(fd_match(8))),
    )

    job = _finished(_start("football_data", _fd(feed_server, competition="PL")))

    assert job.status == CrawlStatus.SUCCESS, job.error
    seen = feed_server.requests_to(path)
    assert len(seen) == 2
    assert seen[1].at - seen[0].at >= 0.95
    assert Match.objects.filter(external_ids__football_data="8").count() == 1


def test_a_malformed_response_fails_the_job_and_writes_nothing(workers, feed_server) -> None:
    body = b'{"matches": [{"id": 9, "status": "IN_PLAY"'
    feed_server.add("/v4/competitions/PL/matches", Reply(200, body))

    job = _finished(_start("football_data", _fd(feed_server, competition="PL")))

    assert job.status == CrawlStatus.FAILED
    assert job.error.startswith(
        f"{feed_server.url('/v4/competitions/PL/matches')}: body is not JSON: "
    )
    assert bytes(job.raw_response) == body
    assert job.attempts == 1
    assert Match.objects.count() == 0
    assert MatchEvent.objects.count() == 0


def test_a_worker_killed_mid_crawl_is_replaced_and_nothing_is_written_twice(
    workers, feed_server: FeedServer, queue: str
) -> None:
    feed_server.add(
        "/v4/competitions/PL/matches",
        Reply(
            200,
            fd_list(
                fd_match(11, status="IN_PLAY", score=(1, 0), minute=30),
                fd_match(12, status="FINISHED", score=(2, 2), home=(1, "A FC"), away=(2, "B FC")),
            ),
        ),
    )
    # Hold match 12's sync lock so the worker commits match 11, then waits inside the crawl.
    holder = psycopg.connect(_dsn(), autocommit=True)
    holder.execute("SELECT pg_advisory_lock(%s)", [fixture_lock_key("football_data", "12")])
    try:
        job_id = _start("football_data", _fd(feed_server, competition="PL"))
        wait_for(
            lambda: MatchEvent.objects.filter(match__external_ids__football_data="11").count() == 3,
            timeout=20,
            what="match 11 to be committed",
        )
        wait_for(lambda: _waiting_on_advisory_lock(holder), timeout=10, what="the lock wait")
        job = CrawlJob.objects.get(pk=job_id)
        hostname, pid = job.worker.split(" pid ")
        assert job.status == CrawlStatus.RUNNING
        # The worker stops taking tasks, then its process dies mid-crawl.
        app.control.cancel_consumer(queue, destination=[hostname], reply=True, timeout=5)
        os.kill(int(pid), signal.SIGKILL)
        time.sleep(0.5)
    finally:
        holder.close()

    job = _finished(job_id, timeout=30)

    assert job.status == CrawlStatus.SUCCESS, job.error
    assert job.attempts == 2
    assert job.worker.split(" pid ")[0] != hostname
    assert job.events_written == 3  # only match 12's: match 11 was complete before the kill
    assert _log("11") == [
        ("status", "football_data:11:status:scheduled->live@0"),
        ("period_start", "football_data:11:period_start:first_half"),
        ("goal", "football_data:11:goal:home:1"),
    ]
    assert _log("12") == [
        ("status", "football_data:12:status:scheduled->live@0"),
        ("result", "football_data:12:result"),
        ("status", "football_data:12:status:live->finished@2"),
    ]
    assert Match.objects.count() == 2
    app.control.add_consumer(queue, destination=[hostname], reply=True, timeout=5)


def _log(external_id: str) -> list[tuple[str, str]]:
    return list(
        MatchEvent.objects.filter(match__external_ids__football_data=external_id)
        .order_by("seq")
        .values_list("kind", "idempotency_key")
    )


def _dsn() -> str:
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"host={host} port={port} user={db['USER']} dbname={db['NAME']}"


def _waiting_on_advisory_lock(holder: psycopg.Connection) -> bool:
    row = holder.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    ).fetchone()
    return bool(row and row[0])


async def test_beat_starts_a_due_match_and_fans_see_it(workers, queue, tmp_path) -> None:
    competition = await database_sync_to_async(CompetitionFactory)(
        sport="football", rules={"lifecycle": {"auto_start": True}}
    )
    match = await database_sync_to_async(MatchFactory)(
        competition=competition, start_time=timezone.now() - timedelta(seconds=1)
    )
    fan = await subscribed(["live:all"])
    beat = CeleryProcess(
        ["beat", "-s", str(tmp_path / "schedule"), "--pidfile=", "-l", "INFO"],
        env=subprocess_env(queue, LIFECYCLE_SWEEP_SECONDS="0.5"),
        log=tmp_path / "beat.log",
    )
    try:
        frame = await fan.receive_json_from(timeout=20)
    finally:
        beat.stop()

    assert (frame["match"], frame["type"], frame["data"]["payload"]) == (
        match.pk,
        "status",
        {"from": "scheduled", "to": "live"},
    )
    assert "matches.tasks.lifecycle_sweep" in beat.output()
    await fan.disconnect()
