"""Admin for feeds, crawl jobs and match alerts (imported by matches/admin.py)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html

from matches import crawl_services, services
from matches.models import CrawlJob, FeedConfig, MatchAlert


@admin.register(FeedConfig)
class FeedConfigAdmin(admin.ModelAdmin):
    list_display = ("__str__", "competition", "source", "schedule", "is_enabled")
    list_filter = ("source", "schedule", "is_enabled")
    search_fields = ("competition__name", "source")
    autocomplete_fields = ("competition",)
    actions = ["run_now"]

    @admin.action(description="Run now (crawl through a worker)")
    def run_now(self, request, queryset):
        started = []
        for feed_config in queryset:
            try:
                with transaction.atomic():
                    job = crawl_services.crawl_job_create(
                        source=feed_config.source,
                        feed_config=feed_config,
                        requested_by=request.user,
                    )
                    crawl_services.crawl_job_enqueue(job=job)
            except crawl_services.CrawlRequestError as error:
                self.message_user(request, f"{feed_config}: {error}", messages.ERROR)
                continue
            started.append(job.pk)
        if started:
            self.message_user(
                request, f"Started crawl jobs {', '.join(map(str, started))}.", messages.SUCCESS
            )


@admin.register(CrawlJob)
class CrawlJobAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "source",
        "type",
        "status",
        "competition",
        "created_at",
        "duration",
        "items_crawled",
        "items_updated",
        "items_failed",
        "events_written",
        "short_error",
    )
    list_filter = ("status", "type", "source", "competition")
    search_fields = ("source", "error", "task_id")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in CrawlJob._meta.fields] + ["raw_response_text"]
    exclude = ("raw_response",)
    actions = ["run_now"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Error")
    def short_error(self, job: CrawlJob) -> str:
        return job.error[:120]

    @admin.display(description="Raw response (kept on failure)")
    def raw_response_text(self, job: CrawlJob) -> str:
        if not job.raw_response:
            return "-"
        text = bytes(job.raw_response)[:20000].decode("utf-8", errors="replace")
        return format_html("<pre style='white-space:pre-wrap'>{}</pre>", text)

    @admin.action(description="Run now (a new job with the same source and config)")
    def run_now(self, request, queryset):
        started = []
        for previous in queryset:
            with transaction.atomic():
                job = crawl_services.crawl_job_create(
                    source=previous.source,
                    competition=previous.competition,
                    feed_config=previous.feed_config,
                    config=previous.config,
                    requested_by=request.user,
                )
                crawl_services.crawl_job_enqueue(job=job)
            started.append(job.pk)
        self.message_user(
            request, f"Started crawl jobs {', '.join(map(str, started))}.", messages.SUCCESS
        )


@admin.register(MatchAlert)
class MatchAlertAdmin(admin.ModelAdmin):
    list_display = ("match", "kind", "detail", "raised_at", "resolved_at")
    list_filter = ("kind", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("match__home_team__name", "match__away_team__name")
    readonly_fields = ("match", "kind", "detail", "raised_at")
    actions = ["resolve"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("match__home_team", "match__away_team")

    @admin.action(description="Mark resolved")
    def resolve(self, request, queryset):
        count = 0
        for alert in queryset.filter(resolved_at__isnull=True):
            if services.match_alert_resolve(alert=alert, by=request.user):
                self.log_change(request, alert, "Resolved.")
                count += 1
        self.message_user(request, f"Resolved {count} alerts.", messages.SUCCESS)
