"""Crawl jobs: create one, run it (fetch, parse, sync each match), record what happened.

A job fetches and parses every response before it writes anything, so a malformed
response fails the job with nothing written; then each match is synced in its own
transaction (`matches.feed_sync`), so one bad match never leaves another half-written.
Running a job twice (a redelivered task after a worker died) writes nothing twice: every
write carries an idempotency key made from the feed's facts.
"""

from __future__ import annotations

import logging
import traceback as traceback_module
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from matches.feed_sync import fixture_sync
from matches.feeds.crawl import Validators, crawl
from matches.feeds.errors import ConfigError, FeedError, FetchError, ParseError
from matches.feeds.fetch import Fetcher
from matches.feeds.ratelimit import RateLimiter
from matches.feeds.records import CrawlResult, EventRecord, FixtureRecord
from matches.feeds.registry import UnknownSourceError, available_sources, get_source
from matches.models import (
    CRAWL_FINAL_STATUSES,
    Competition,
    CrawlJob,
    CrawlStatus,
    CrawlType,
    FeedConfig,
    FeedSchedule,
)

logger = logging.getLogger(__name__)

# Where each source takes the URL given to `crawl --url` / the API's "url".
URL_CONFIG_KEYS = {"football_data": "base_url"}
SCHEDULE_CRAWL_TYPES = {
    FeedSchedule.LIVE: CrawlType.LIVE,
    FeedSchedule.HOURLY: CrawlType.STANDINGS,
    FeedSchedule.DAILY: CrawlType.FIXTURES,
    FeedSchedule.MANUAL: CrawlType.MANUAL,
}
_RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


class CrawlRequestError(Exception):
    """A crawl that cannot be started as asked; the message is one line for the user."""


def crawl_job_create(
    *,
    source: str,
    competition: Competition | None = None,
    feed_config: FeedConfig | None = None,
    config: Mapping[str, Any] | None = None,
    url: str | None = None,
    type: str = CrawlType.MANUAL,
    requested_by: Any = None,
) -> CrawlJob:
    """Validate the source and its configuration, then create a pending job.

    Without an explicit config, the competition's enabled feed for `source` supplies it."""
    if feed_config is None and competition is not None and config is None:
        feed_config = (
            FeedConfig.objects.filter(competition=competition, source=source, is_enabled=True)
            .order_by("id")
            .first()
        )
        if feed_config is None:
            raise CrawlRequestError(
                f"competition {competition.pk} has no enabled {source} feed; "
                "configure one in admin or pass a config"
            )
    merged = dict(feed_config.config if feed_config else {})
    merged.update(config or {})
    if url:
        merged[URL_CONFIG_KEYS.get(source, "url")] = url
    try:
        get_source(source)(merged)
    except UnknownSourceError as error:
        raise CrawlRequestError(str(error.args[0])) from None
    except ConfigError as error:
        raise CrawlRequestError(f"{source}: {error.reason}") from None
    return CrawlJob.objects.create(
        source=source,
        type=type,
        competition=competition or (feed_config.competition if feed_config else None),
        feed_config=feed_config,
        config=merged,
        requested_by=requested_by if getattr(requested_by, "pk", None) else None,
    )


def crawl_job_enqueue(*, job: CrawlJob) -> None:
    """Send the job to a worker once the job row is committed."""
    from matches.tasks import crawl_job_execute

    transaction.on_commit(partial(crawl_job_execute.delay, job.pk))


def feeds_refresh(*, schedule: str) -> list[int]:
    """Create and enqueue a job for every enabled feed on `schedule`; returns the job ids."""
    job_ids = []
    for feed_config in FeedConfig.objects.filter(schedule=schedule, is_enabled=True).select_related(
        "competition"
    ):
        with transaction.atomic():
            try:
                job = crawl_job_create(
                    source=feed_config.source,
                    feed_config=feed_config,
                    type=SCHEDULE_CRAWL_TYPES[FeedSchedule(schedule)],
                )
            except CrawlRequestError as error:
                logger.error("feed %s cannot be crawled: %s", feed_config.pk, error)
                continue
            crawl_job_enqueue(job=job)
        job_ids.append(job.pk)
    return job_ids


def crawl_job_run(
    *,
    job_id: int,
    task_id: str = "",
    worker: str = "",
    may_retry: bool = False,
    fetcher: Fetcher | None = None,
    clock: Callable[[], datetime] | None = None,
) -> CrawlJob:
    """Run a pending (or interrupted) job to the end. A finished job is left alone.
    `clock` is the source's idea of now (the replay releases deliveries by it).

    A transient fetch failure with `may_retry` puts the job back to pending and raises
    the FetchError so the task can reschedule; anything else ends the job as failed."""
    job = CrawlJob.objects.select_related("feed_config", "competition").get(pk=job_id)
    if job.status in CRAWL_FINAL_STATUSES:
        return job
    _mark_running(job, task_id=task_id, worker=worker)
    try:
        source = get_source(job.source)(job.config, clock=clock)
        known = job.feed_config.validators if job.feed_config else {}
        outcome = crawl(
            source,
            fetcher or shared_fetcher(),
            validators={url: Validators.from_dict(v) for url, v in known.items()},
        )
    except FetchError as error:
        if may_retry and is_transient(error):
            _save(job, status=CrawlStatus.PENDING, error=f"will retry: {error.reason}")
            raise
        return _fail(job, error)
    except ParseError as error:
        return _fail(job, error, raw=error.raw, raw_url=error.url)
    except (FeedError, UnknownSourceError) as error:
        return _fail(job, error)

    _sync_results(job, outcome.results)
    if job.feed_config:
        FeedConfig.objects.filter(pk=job.feed_config.pk).update(
            validators={url: v.to_dict() for url, v in outcome.validators.items()}
        )
    return _finish(job, status=CrawlStatus.SUCCESS)


def crawl_job_timed_out(*, job_id: int, limit_seconds: float) -> CrawlJob:
    job = CrawlJob.objects.get(pk=job_id)
    job.error = f"the crawl took longer than {limit_seconds:.0f}s and was stopped"
    return _finish(job, status=CrawlStatus.TIMEOUT)


def is_transient(error: FetchError) -> bool:
    return error.status is None or error.status in _RETRYABLE_STATUSES


def retry_delay(error: FetchError, retries: int) -> float:
    if error.retry_after is not None:
        return error.retry_after
    return min(300.0, 5.0 * 2**retries)


_fetcher: Fetcher | None = None


def shared_fetcher() -> Fetcher:
    """One Fetcher per worker process (it holds a connection pool), built after fork."""
    global _fetcher
    if _fetcher is None:
        limiter = None
        if settings.REDIS_URL:
            limiter = RateLimiter(
                redis.Redis.from_url(settings.REDIS_URL),
                rate=settings.FEEDS_RATE_PER_SECOND,
                burst=settings.FEEDS_RATE_BURST,
                rates=settings.FEEDS_RATE_LIMITS,
            )
        _fetcher = Fetcher(
            rate_limiter=limiter,
            max_attempts=settings.FEEDS_FETCH_ATTEMPTS,
            retry_after_cap=settings.FEEDS_RETRY_AFTER_CAP,
        )
    return _fetcher


def sources_available() -> list[str]:
    return available_sources()


def _sync_results(job: CrawlJob, results: tuple[CrawlResult, ...]) -> None:
    competition = job.competition
    failures: list[dict[str, str]] = []
    raw_failed: tuple[bytes, str] | None = None
    for result, fixture, events in _by_match(results):
        synced = fixture_sync(fixture=fixture, events=events, competition=competition)
        job.items_crawled += 1
        job.events_written += synced.events_written
        if synced.error:
            job.items_failed += 1
            failures.append({"external_id": synced.external_id, "error": synced.error})
            raw_failed = raw_failed or (result.raw, result.url)
        elif synced.is_changed:
            job.items_updated += 1
    job.failures = failures[:100]
    if failures:
        job.error = (
            f"{len(failures)} of {job.items_crawled} matches not synced; first: "
            f"{failures[0]['external_id']}: {failures[0]['error']}"
        )
        job.raw_response, job.raw_response_url = raw_failed or (None, "")


def _by_match(
    results: tuple[CrawlResult, ...],
) -> list[tuple[CrawlResult, FixtureRecord, list[EventRecord]]]:
    """One entry per match, in feed order: a match in a list and in its own response
    (football-data's /matches/{id}) is synced once, with the latest record and all events."""
    order: dict[tuple[str, str], tuple[CrawlResult, FixtureRecord]] = {}
    events: dict[tuple[str, str], dict[str, EventRecord]] = {}
    for result in results:
        for fixture in result.fixtures:
            order[(fixture.source, fixture.external_id)] = (result, fixture)
        for event in result.events:
            events.setdefault((event.source, event.match_external_id), {})[event.key] = event
    return [
        (result, fixture, list(events.get(key, {}).values()))
        for key, (result, fixture) in order.items()
    ]


def _mark_running(job: CrawlJob, *, task_id: str, worker: str) -> None:
    now = timezone.now()
    job.status = CrawlStatus.RUNNING
    job.started_at = job.started_at or now
    job.attempts += 1
    job.task_id = task_id or job.task_id
    job.worker = worker or job.worker
    # A redelivered job starts its counts again: they describe the attempt that finished.
    job.items_crawled = job.items_updated = job.items_failed = job.events_written = 0
    job.error = job.traceback = ""
    job.save()


def _fail(
    job: CrawlJob, error: Exception, *, raw: bytes | None = None, raw_url: str = ""
) -> CrawlJob:
    job.error = getattr(error, "reason", None) or str(error)
    job.traceback = "".join(traceback_module.format_exception(error))
    if raw is not None:
        job.raw_response = raw
        job.raw_response_url = raw_url
    return _finish(job, status=CrawlStatus.FAILED)


def _finish(job: CrawlJob, *, status: str) -> CrawlJob:
    job.status = status
    job.finished_at = timezone.now()
    if job.started_at:
        job.duration = job.finished_at - job.started_at
    job.save()
    return job


def _save(job: CrawlJob, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(job, name, value)
    job.save(update_fields=list(changes))
