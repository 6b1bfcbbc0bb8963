"""The contract between the scoring service and each sport's rules engine.

An engine is a plain Python module (no Django) that knows one sport's Laws. The scoring
service owns the event log, the sequence numbers, undo and correction; an engine only
turns "the state so far" plus "one more event" into the next state, or refuses it.

A module implementing the contract exposes:

    SPORT: str                                   # "cricket" | "football"
    EVENT_KINDS: frozenset[str]                  # the sport's event kinds
    def new_state(setup: MatchSetup) -> State
    def apply(state: State, *, kind: str, payload: Mapping[str, Any]) -> list[str]
        # Mutates state in place and returns warnings (accepted, but worth telling the
        # scorer). Raises RuleViolation when the event is impossible; the caller then
        # throws the state object away, so a half-applied state never escapes.
    def dump(state: State) -> dict               # JSON-serialisable; load(dump(s)) == s
    def load(data: Mapping[str, Any]) -> State
    def summary(state: State) -> dict            # small: score lines for lists and frames
    def detail(state: State) -> dict             # full: scorecard / timeline for pages, API

Player and team references in payloads are the ids given in MatchSetup, opaque to the
engine (ints from the database, strings in tests). Because JSON object keys are always
strings, `dump` must not key dicts by player id unless it converts them back in `load`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PlayerRef = int | str


class RuleViolation(Exception):
    """An event the Laws do not allow; `code` is stable for clients, `message` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PlayerEntry:
    id: PlayerRef
    name: str


@dataclass(frozen=True)
class TeamSheet:
    """One side as the engine sees it: `side` is "home" or "away"."""

    side: str
    team_id: PlayerRef
    name: str
    players: tuple[PlayerEntry, ...] = ()


@dataclass(frozen=True)
class MatchSetup:
    """What an engine needs before the first event: the competition's rules and the sides."""

    home: TeamSheet
    away: TeamSheet
    rules: Mapping[str, Any] = field(default_factory=dict)

    def team(self, side: str) -> TeamSheet:
        return self.home if side == "home" else self.away
