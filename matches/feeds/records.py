"""Normalised records every source adapter produces.

They are frozen and JSON-round-trippable (`to_dict` / `from_dict`) so Celery tasks can pass
them as plain dicts. External ids are always strings, whatever type the feed uses, so one
column can hold ids from every source.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any


class FixtureStatus(StrEnum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    FINISHED = "finished"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    AWARDED = "awarded"


class EventKind(StrEnum):
    GOAL = "goal"
    CARD = "card"
    SUBSTITUTION = "substitution"
    DELIVERY = "delivery"


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")


@dataclass(frozen=True, slots=True)
class FixtureRecord:
    """One match as a feed describes it right now.

    `external_id` is unique within `source`. `home_score` / `away_score` are the score now
    (live) or at the end of play, extra time included; a shoot-out is only in the
    `*_penalties` fields. Scores are None when the feed does not give them (not started,
    cancelled, or a sport whose score is not two integers, e.g. cricket).
    `minute` is the feed's live clock text ("67'", "45+2'", "HT") while live, else None.
    `is_kickoff_time_known` is False when the feed gives only a date; `kickoff` is then
    midnight local time on that date.
    `document` is the feed's whole document for the match when the sport's translator
    converts whole matches (the Cricsheet replay: the parsed file), else None.
    """

    source: str
    external_id: str
    competition_external_id: str
    competition_name: str
    home_team_name: str
    away_team_name: str
    kickoff: datetime
    status: FixtureStatus
    home_team_external_id: str | None = None
    away_team_external_id: str | None = None
    season: str | None = None
    round: str | None = None
    stage: str | None = None
    home_score: int | None = None
    away_score: int | None = None
    home_score_half_time: int | None = None
    away_score_half_time: int | None = None
    home_score_penalties: int | None = None
    away_score_penalties: int | None = None
    minute: str | None = None
    is_kickoff_time_known: bool = True
    document: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        _require_aware(self.kickoff, "kickoff")
        object.__setattr__(self, "status", FixtureStatus(self.status))

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["kickoff"] = self.kickoff.isoformat()
        data["status"] = self.status.value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FixtureRecord:
        values = dict(data)
        values["kickoff"] = datetime.fromisoformat(values["kickoff"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One fact inside a match: a goal, a card, a substitution, a delivery.

    `key` is stable: the same fact crawled twice has the same key, so the integrator can
    use it (prefixed by nothing else) as an idempotency key. `sequence` orders the facts
    of one match as the feed orders them (0-based). `payload` is JSON-serialisable.
    """

    source: str
    match_external_id: str
    key: str
    kind: EventKind
    sequence: int
    payload: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", EventKind(self.kind))

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "match_external_id": self.match_external_id,
            "key": self.key,
            "kind": self.kind.value,
            "sequence": self.sequence,
            "payload": copy.deepcopy(dict(self.payload)),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EventRecord:
        return cls(**dict(data))


@dataclass(frozen=True, slots=True)
class CrawlResult:
    """Everything one parsed response yielded. `raw` is the response body, for debugging."""

    source: str
    url: str
    fixtures: tuple[FixtureRecord, ...] = ()
    events: tuple[EventRecord, ...] = ()
    raw: bytes = field(default=b"", repr=False)
