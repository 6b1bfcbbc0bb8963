"""A match exactly as it stood after any entry of its log, computed from the log.

The log is append-only, so what stood at seq N never changes: each replay is cached for a
day under (match, N), and every fan scrolling back through a match shares it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from matches.models import Match
from scoring.rules.cricket.numbering import delivery_numbers
from scoring.rules.engines import engine_for
from scoring.rules.replay import LoggedEvent, events_in_force
from scoring.selectors.reads import match_log_get, match_setup_get

AS_AT_CACHE_SECONDS = 86_400


@dataclass(frozen=True)
class AsAt:
    seq: int  # the last log entry included
    detail: dict[str, Any]
    summary: dict[str, Any]
    state: dict[str, Any]  # the engine's dump, as a projection would hold it


def match_as_at_get(*, match: Match, seq: int) -> AsAt:
    """The match after log entry `seq` (clamped to the log's last entry)."""
    key = f"as-at:{match.pk}:{seq}"
    found = cache.get(key)
    if found is not None:
        return found
    log = [event for event in match_log_get(match_id=match.pk) if event.seq <= seq]
    engine = engine_for(match.sport)
    state = engine.new_state(match_setup_get(match=match))
    for event in events_in_force(log):
        engine.apply(state, kind=event.kind, payload=event.payload)
    last = log[-1].seq if log else 0
    found = AsAt(
        seq=last,
        detail=engine.detail(state),
        summary=engine.summary(state),
        state=engine.dump(state),
    )
    if last == seq:  # a seq past the end is not cached: the log may yet reach it
        cache.set(key, found, AS_AT_CACHE_SECONDS)
    return found


def cricket_ball_seq(*, match: Match, innings: int, ball: str) -> int | None:
    """The seq of the delivery numbered `ball` ("12.3": the over and its legal ball) in
    innings `innings` (1-based), as the log now stands; None if there is none."""
    in_force: list[LoggedEvent] = events_in_force(match_log_get(match_id=match.pk))
    numbers = delivery_numbers((event.kind, event.payload) for event in in_force)
    current, found = 0, None
    for event, number in zip(in_force, numbers, strict=True):
        if event.kind == "innings_start":
            current += 1
        if current == innings and number == ball:
            found = event.seq  # the last delivery of that number (a wide keeps it)
    return found
