"""Lifecycle sweeps run by Celery beat: start due matches, flag stale and overdue ones.

Every status change goes through `scoring.services.match_transition` (so it is logged and
broadcast like a goal); what needs a person is raised as a MatchAlert for staff in admin.
Postponed, cancelled and finished matches are never touched, so a postponed match keeps
its log until a feed or a scorer reschedules it.

Per competition, `rules["lifecycle"]` may set:
    auto_start (bool)              due matches go live by themselves (default: flagged)
    stale_after_minutes (int)      live with no event this long -> "stale"
    expected_minutes (int)         from start time to the expected end of play
    overdue_grace_minutes (int)    past the expected end by this much -> closed or flagged
Defaults come from settings.LIFECYCLE_DEFAULTS (per sport).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from matches.lifecycle import LIVE_STATUSES, Status
from matches.models import AlertKind, Match, MatchAlert
from scoring import services
from scoring.errors import ErrorCode, ScoringError
from scoring.models import EventSource


@dataclass
class SweepOutcome:
    started: list[int] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)
    raised: dict[str, list[int]] = field(default_factory=dict)
    resolved: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "started": self.started,
            "finished": self.finished,
            "raised": self.raised,
            "resolved": self.resolved,
        }


def lifecycle_policy(*, match: Match) -> dict[str, Any]:
    defaults = settings.LIFECYCLE_DEFAULTS
    policy = {**defaults["*"], **defaults.get(match.competition.sport, {})}
    policy.update((match.competition.rules or {}).get("lifecycle") or {})
    return policy


def lifecycle_sweep(*, now: datetime | None = None) -> SweepOutcome:
    now = now or timezone.now()
    outcome = SweepOutcome()
    _start_due(now, outcome)
    _check_live(now, outcome)
    outcome.resolved += _resolve_settled(now)
    return outcome


def _start_due(now: datetime, outcome: SweepOutcome) -> None:
    due = Match.objects.filter(status=Status.SCHEDULED, start_time__lte=now).select_related(
        "competition"
    )
    for match in due:
        if lifecycle_policy(match=match)["auto_start"]:
            if _transition(match, Status.LIVE):
                outcome.started.append(match.pk)
        elif _raise(match, AlertKind.DUE, f"start time {match.start_time:%Y-%m-%d %H:%M} passed"):
            outcome.raised.setdefault(AlertKind.DUE, []).append(match.pk)


def _check_live(now: datetime, outcome: SweepOutcome) -> None:
    live = (
        Match.objects.filter(status__in=LIVE_STATUSES)
        .select_related("competition")
        .annotate(last_event_at=Max("events__created_at"))
    )
    for match in live:
        policy = lifecycle_policy(match=match)
        last_activity = max(filter(None, [match.last_event_at, match.status_changed_at]))
        is_stale = now - last_activity >= timedelta(minutes=policy["stale_after_minutes"])
        expected_end = match.start_time + timedelta(minutes=policy["expected_minutes"])
        is_overdue = now >= expected_end + timedelta(minutes=policy["overdue_grace_minutes"])
        if is_overdue and is_stale and match.status == Status.LIVE:
            # Long past its end and nobody is scoring it: the match is over.
            if _transition(match, Status.FINISHED):
                outcome.finished.append(match.pk)
            continue
        if is_overdue and _raise(
            match,
            AlertKind.OVERDUE,
            f"expected to end by {expected_end:%H:%M}, still {match.status}",
        ):
            outcome.raised.setdefault(AlertKind.OVERDUE, []).append(match.pk)
        if is_stale and _raise(match, AlertKind.STALE, f"no event since {last_activity:%H:%M:%S}"):
            outcome.raised.setdefault(AlertKind.STALE, []).append(match.pk)


def _resolve_settled(now: datetime) -> int:
    """Close alerts whose cause is gone: started, events again, or no longer live."""
    alerts = MatchAlert.objects.filter(resolved_at__isnull=True)
    settled = alerts.filter(
        Q(kind=AlertKind.DUE) & ~Q(match__status=Status.SCHEDULED)
        | Q(kind__in=[AlertKind.STALE, AlertKind.OVERDUE]) & ~Q(match__status__in=LIVE_STATUSES)
        | Q(kind=AlertKind.STALE, match__events__created_at__gt=F("raised_at"))
    )
    return alerts.filter(pk__in=settled.values("pk")).update(resolved_at=now)


def _transition(match: Match, to_status: Status) -> bool:
    try:
        services.match_transition(match_id=match.pk, to_status=to_status, source=EventSource.SYSTEM)
    except ScoringError as error:
        # Another sweep, a scorer or a crawl moved it first; the state machine said no.
        if error.code == ErrorCode.ILLEGAL_TRANSITION:
            return False
        raise
    return True


def _raise(match: Match, kind: str, detail: str) -> bool:
    """Open an alert unless one of this kind is already open; True when opened."""
    if MatchAlert.objects.filter(match=match, kind=kind, resolved_at__isnull=True).exists():
        return False
    try:
        with transaction.atomic():
            MatchAlert.objects.create(match=match, kind=kind, detail=detail[:300])
    except IntegrityError:
        return False  # a concurrent sweep opened it
    return True
