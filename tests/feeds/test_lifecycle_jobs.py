"""Lifecycle sweeps: due matches start or are flagged, stale and overdue ones are flagged
or closed, postponed ones are left alone; every transition is a logged, broadcast event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from matches.lifecycle_services import lifecycle_sweep
from matches.models import MatchAlert
from scoring import services
from scoring.models import EventSource, MatchEvent
from tests.factories import CompetitionFactory, MatchFactory

pytestmark = pytest.mark.django_db


def _competition(**lifecycle):
    return CompetitionFactory(sport="football", rules={"lifecycle": lifecycle})


def _open_alerts(match) -> list[str]:
    return list(
        MatchAlert.objects.filter(match=match, resolved_at__isnull=True).values_list(
            "kind", flat=True
        )
    )


def test_a_due_match_goes_live_when_the_competition_says_so(
    django_capture_on_commit_callbacks,
) -> None:
    now = timezone.now()
    match = MatchFactory(competition=_competition(auto_start=True), start_time=now)
    later = MatchFactory(competition=match.competition, start_time=now + timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcome = lifecycle_sweep(now=now)

    assert outcome.started == [match.pk]
    match.refresh_from_db()
    later.refresh_from_db()
    assert (match.status, later.status) == ("live", "scheduled")
    event = MatchEvent.objects.get(match=match)
    assert (event.kind, event.payload, event.source) == (
        "status",
        {"from": "scheduled", "to": "live"},
        "system",
    )
    assert len(callbacks) == 1  # the broadcast of that one transition
    assert lifecycle_sweep(now=now).started == []


def test_a_due_match_is_flagged_for_staff_otherwise_and_the_flag_clears_when_it_starts() -> None:
    now = timezone.now()
    match = MatchFactory(competition=_competition(), start_time=now - timedelta(minutes=2))

    outcome = lifecycle_sweep(now=now)

    assert outcome.raised == {"due": [match.pk]}
    assert _open_alerts(match) == ["due"]
    assert lifecycle_sweep(now=now).raised == {}  # still one open alert, not two
    assert MatchAlert.objects.count() == 1
    match.refresh_from_db()
    assert match.status == "scheduled"

    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)
    assert lifecycle_sweep(now=now).resolved == 1
    assert _open_alerts(match) == []


def test_a_live_match_without_events_is_flagged_stale_until_an_event_arrives() -> None:
    competition = _competition(stale_after_minutes=10)
    match = MatchFactory(competition=competition, start_time=timezone.now())
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)

    assert lifecycle_sweep(now=timezone.now() + timedelta(minutes=9)).raised == {}
    outcome = lifecycle_sweep(now=timezone.now() + timedelta(minutes=11))

    assert outcome.raised == {"stale": [match.pk]}
    services.match_transition(match_id=match.pk, to_status="break", source=EventSource.SYSTEM)
    assert lifecycle_sweep(now=timezone.now()).resolved == 1
    assert _open_alerts(match) == []


def test_overdue_and_idle_is_closed_overdue_but_active_is_flagged() -> None:
    start = timezone.now() - timedelta(minutes=200)
    policy = {"expected_minutes": 115, "overdue_grace_minutes": 60}
    idle = MatchFactory(
        competition=_competition(stale_after_minutes=10, **policy), start_time=start
    )
    # Its last event is as old, but this competition waits longer before calling it stale.
    busy = MatchFactory(
        competition=_competition(stale_after_minutes=60, **policy), start_time=start
    )
    for match in (idle, busy):
        services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)

    outcome = lifecycle_sweep(now=timezone.now() + timedelta(minutes=20))

    assert outcome.finished == [idle.pk]
    assert outcome.raised == {"overdue": [busy.pk]}
    idle.refresh_from_db()
    busy.refresh_from_db()
    assert (idle.status, busy.status) == ("finished", "live")
    assert [e.payload["to"] for e in MatchEvent.objects.filter(match=idle)] == ["live", "finished"]
    assert _open_alerts(busy) == ["overdue"]


def test_a_postponed_match_is_left_alone_with_its_history() -> None:
    match = MatchFactory(
        competition=_competition(auto_start=True),
        start_time=timezone.now() - timedelta(hours=3),
    )
    services.match_transition(match_id=match.pk, to_status="postponed", source=EventSource.SYSTEM)

    outcome = lifecycle_sweep()

    assert (outcome.started, outcome.raised) == ([], {})
    match.refresh_from_db()
    assert match.status == "postponed"
    assert MatchEvent.objects.filter(match=match).count() == 1
