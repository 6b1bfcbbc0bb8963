"""Celery faces: load by id, call one service, retry only what can recover."""

from __future__ import annotations

import os
import socket

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from matches import crawl_services, lifecycle_services
from matches.feeds.errors import FetchError


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=settings.FEEDS_TASK_MAX_RETRIES,
    soft_time_limit=settings.FEEDS_CRAWL_SOFT_TIME_LIMIT,
    time_limit=settings.FEEDS_CRAWL_SOFT_TIME_LIMIT + 30,
)
def crawl_job_execute(self, job_id: int) -> dict:
    try:
        job = crawl_services.crawl_job_run(
            job_id=job_id,
            task_id=self.request.id or "",
            worker=f"{self.request.hostname or socket.gethostname()} pid {os.getpid()}",
            may_retry=self.request.retries < self.max_retries,
        )
    except FetchError as error:
        raise self.retry(
            countdown=crawl_services.retry_delay(error, self.request.retries)
        ) from None
    except SoftTimeLimitExceeded:
        job = crawl_services.crawl_job_timed_out(
            job_id=job_id, limit_seconds=settings.FEEDS_CRAWL_SOFT_TIME_LIMIT
        )
    return {"job": job.pk, "status": job.status}


@shared_task
def feeds_refresh(schedule: str) -> list[int]:
    return crawl_services.feeds_refresh(schedule=schedule)


@shared_task
def lifecycle_sweep() -> dict:
    return lifecycle_services.lifecycle_sweep().as_dict()
