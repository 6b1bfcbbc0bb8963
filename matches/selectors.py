"""Reads of fixtures and matches for pages, API and consumers."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from matches.lifecycle import LIVE_STATUSES, Status
from matches.models import Match


def match_list(
    *,
    status: str | None = None,
    on_date: date | None = None,
    sport: str | None = None,
    competition_id: int | None = None,
) -> QuerySet[Match]:
    matches = Match.objects.select_related(
        "competition", "home_team", "away_team", "venue", "scoreboard"
    )
    if status:
        matches = matches.filter(status=status)
    if on_date:
        start = timezone.make_aware(datetime.combine(on_date, time.min))
        matches = matches.filter(start_time__gte=start, start_time__lt=start + timedelta(days=1))
    if sport:
        matches = matches.filter(competition__sport=sport)
    if competition_id:
        matches = matches.filter(competition_id=competition_id)
    return matches.order_by("start_time", "id")


def home_page_matches(*, now: datetime | None = None) -> dict[str, list[Match]]:
    now = now or timezone.now()
    today_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    base = match_list()
    return {
        "live": list(base.filter(status__in=LIVE_STATUSES)),
        "today": list(
            base.filter(
                start_time__gte=today_start, start_time__lt=today_start + timedelta(days=1)
            ).exclude(status__in=LIVE_STATUSES)
        ),
        "upcoming": list(
            base.filter(status=Status.SCHEDULED, start_time__gte=today_start + timedelta(days=1))[
                :20
            ]
        ),
        "recent": list(base.filter(status=Status.FINISHED).order_by("-start_time")[:20]),
    }


def match_get(*, match_id: int) -> Match | None:
    return match_list().filter(pk=match_id).first()
