"""`manage.py crawl <source>`: run one crawl now and print the job's outcome."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from matches import crawl_services
from matches.models import CRAWL_FINAL_STATUSES, Competition, CrawlJob, CrawlStatus


class Command(BaseCommand):
    help = (
        "Run one crawl of SOURCE now: through a Celery worker (waiting for it), or in this "
        "process with --sync. Prints the CrawlJob's id, status and counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument("--url", help="the feed URL (football_data: the API base URL)")
        parser.add_argument("--competition", type=int, help="our Competition id")
        parser.add_argument("--config", help="source configuration as a JSON object")
        parser.add_argument("--sync", action="store_true", help="crawl in this process")
        parser.add_argument(
            "--wait", type=float, default=120.0, help="seconds to wait for the worker"
        )

    def handle(self, *args, **options):
        config = None
        if options["config"]:
            try:
                config = json.loads(options["config"])
            except ValueError as error:
                raise CommandError(f"--config is not JSON: {error}") from None
            if not isinstance(config, dict):
                raise CommandError("--config must be a JSON object")
        competition = None
        if options["competition"] is not None:
            competition = Competition.objects.filter(pk=options["competition"]).first()
            if competition is None:
                raise CommandError(f"competition {options['competition']} does not exist")
        try:
            with transaction.atomic():
                job = crawl_services.crawl_job_create(
                    source=options["source"],
                    competition=competition,
                    config=config,
                    url=options["url"],
                )
                if not options["sync"]:
                    crawl_services.crawl_job_enqueue(job=job)
        except crawl_services.CrawlRequestError as error:
            raise CommandError(str(error)) from None

        if options["sync"]:
            job = crawl_services.crawl_job_run(job_id=job.pk, worker="manage.py crawl --sync")
        else:
            job = self._wait(job.pk, options["wait"])
        self.stdout.write(
            f"crawl job {job.pk}: {job.status} (crawled {job.items_crawled}, "
            f"updated {job.items_updated}, failed {job.items_failed}, "
            f"events written {job.events_written})"
        )
        if job.status != CrawlStatus.SUCCESS:
            raise CommandError(
                f"crawl job {job.pk} {job.status}: {job.error or 'no worker ran it'}"
            )

    def _wait(self, job_id: int, seconds: float) -> CrawlJob:
        deadline = time.monotonic() + seconds
        while True:
            job = CrawlJob.objects.get(pk=job_id)
            if job.status in CRAWL_FINAL_STATUSES or time.monotonic() > deadline:
                return job
            time.sleep(0.2)
