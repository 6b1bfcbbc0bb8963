"""Football writes that are more than one log entry: a period change moves the engine's
clock and the match's lifecycle together (kick-off: live + first half started), and an
awarded result. Each is one transaction of ordinary service calls."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from matches.lifecycle import Status
from matches.models import Match
from scoring import services
from scoring.errors import ErrorCode, ScoringError

PERIOD_ACTIONS = ("kick_off", "start_period", "end_period", "full_time")


def football_period_change(
    *,
    match_id: int,
    action: str,
    period: str | None = None,
    author: Any = None,
    source: str,
    at: float | None = None,
) -> services.Recorded:
    """kick_off, start_period (second half, extra time, shoot-out), end_period (half-time,
    the break before extra time …) or full_time; `at` (epoch seconds) starts the clock."""
    if action not in PERIOD_ACTIONS:
        raise ScoringError(ErrorCode.INVALID_PAYLOAD, f"Unknown period action {action!r}.")
    at = timezone.now().timestamp() if at is None else at
    write = {"author": author, "source": source}
    with transaction.atomic():
        status = Match.objects.values_list("status", flat=True).get(pk=match_id)
        if action == "kick_off":
            if status == Status.SCHEDULED:
                services.match_transition(match_id=match_id, to_status=Status.LIVE, **write)
            return services.event_record(
                match_id=match_id,
                kind="period_start",
                payload={"period": "first_half", "at": at},
                **write,
            )
        if action == "start_period":
            if status == Status.BREAK:
                services.match_transition(match_id=match_id, to_status=Status.LIVE, **write)
            return services.event_record(
                match_id=match_id,
                kind="period_start",
                payload={"period": period, "at": at},
                **write,
            )
        if action == "end_period":
            recorded = services.event_record(
                match_id=match_id, kind="period_end", payload={"at": at}, **write
            )
            if status == Status.LIVE:
                services.match_transition(match_id=match_id, to_status=Status.BREAK, **write)
            return recorded
        recorded = services.event_record(
            match_id=match_id, kind="full_time", payload={"at": at}, **write
        )
        if status == Status.BREAK:
            services.match_transition(match_id=match_id, to_status=Status.LIVE, **write)
        services.match_transition(match_id=match_id, to_status=Status.FINISHED, **write)
        return recorded


def football_lineups_record(
    *,
    match_id: int,
    lineups: dict[str, dict[str, Any]],
    author: Any = None,
    source: str,
) -> services.Recorded:
    """Team sheets before kick-off ({"home": {"starting": [...], "bench": [...]}, ...}).

    Handing in the team sheets opens the match (scheduled → live): the service takes
    events only from a match that is on, and the engine takes line-ups only before the
    first half starts."""
    if not lineups:
        raise ScoringError(ErrorCode.INVALID_PAYLOAD, "No line-up to record.")
    write = {"author": author, "source": source}
    with transaction.atomic():
        status = Match.objects.values_list("status", flat=True).get(pk=match_id)
        if status == Status.SCHEDULED:
            services.match_transition(match_id=match_id, to_status=Status.LIVE, **write)
        recorded = None
        for side, sheet in lineups.items():
            recorded = services.event_record(
                match_id=match_id, kind="lineup", payload={"side": side, **sheet}, **write
            )
        assert recorded is not None  # noqa: S101 - lineups is not empty
        return recorded
