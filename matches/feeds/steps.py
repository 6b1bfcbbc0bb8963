"""The shape shared by the per-sport translators from feed records to engine events.

A translator is `steps(*, fixture, events, state, player) -> Iterator[Step]`: it compares
what the feed says about one match with the engine state we hold and yields the engine
events that bring us up to the feed, one at a time (the caller records each through the
scoring service and applies it to `state` before asking for the next). Plain Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from matches.feeds.records import EventRecord, FixtureRecord

# (person dict from the feed, side the person plays for) -> our Player id, or None.
PlayerLookup = Callable[[Mapping[str, Any] | None, str], int | None]


@dataclass(frozen=True, slots=True)
class Step:
    """One engine event to record; `key` is its idempotency key, stable across crawls."""

    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    key: str = ""


class FeedConflict(Exception):
    """The feed says something our log cannot be brought to without rewriting history
    (e.g. fewer goals than we hold), or that we cannot translate; staff must look."""


class Translator(Protocol):
    def __call__(
        self,
        *,
        fixture: FixtureRecord,
        events: list[EventRecord],
        state: Any,
        player: PlayerLookup,
    ) -> Iterator[Step]: ...


def translator_for(sport: str) -> Translator:
    from matches.feeds.cricket_steps import cricket_steps
    from matches.feeds.football_steps import football_steps

    return {"football": football_steps, "cricket": cricket_steps}[sport]
