"""Reads of crawl jobs and match alerts for the staff API and admin."""

from django.db.models import QuerySet

from matches.models import CrawlJob


def crawl_job_list(
    *, status: str | None = None, source: str | None = None, competition: int | None = None
) -> QuerySet[CrawlJob]:
    jobs = CrawlJob.objects.order_by("-created_at", "-id")
    if status:
        jobs = jobs.filter(status=status)
    if source:
        jobs = jobs.filter(source=source)
    if competition:
        jobs = jobs.filter(competition_id=competition)
    return jobs[:200]
