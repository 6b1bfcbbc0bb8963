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
from enum import StrEnum
from typing import Any

PlayerRef = int | str


class RuleCode(StrEnum):
    """Why the Laws refuse an event: stable for clients and tests, one list to read."""

    ALREADY_CANCELLED = "already_cancelled"
    ALREADY_ON_PITCH = "already_on_pitch"
    ALREADY_SUBSTITUTED = "already_substituted"
    BATTER_ABSENT = "batter_absent"
    BATTER_BATTED = "batter_batted"
    BATTER_DISMISSED = "batter_dismissed"
    BATTER_IN = "batter_in"
    BATTER_NOT_IN = "batter_not_in"
    BATTERS_LEFT = "batters_left"
    BATTING_ORDER = "batting_order"
    BENCH_SIZE = "bench_size"
    CONSECUTIVE_OVERS = "consecutive_overs"
    DUPLICATE_PLAYER = "duplicate_player"
    DUPLICATE_REF = "duplicate_ref"
    FOLLOW_ON = "follow_on"
    FORFEIT_AFTER_PLAY = "forfeit_after_play"
    FREE_HIT = "free_hit"
    INNINGS_CLOSED = "innings_closed"
    INVALID_ASSIST = "invalid_assist"
    INVALID_BOUNDARY = "invalid_boundary"
    INVALID_CARD = "invalid_card"
    INVALID_DISMISSAL = "invalid_dismissal"
    INVALID_EXTRAS = "invalid_extras"
    INVALID_FORMATION = "invalid_formation"
    INVALID_GOAL_KIND = "invalid_goal_kind"
    INVALID_KICK = "invalid_kick"
    INVALID_LINEUP = "invalid_lineup"
    INVALID_MINUTE = "invalid_minute"
    INVALID_OUTCOME = "invalid_outcome"
    INVALID_OVERS = "invalid_overs"
    INVALID_PAYLOAD = "invalid_payload"
    INVALID_PERIOD = "invalid_period"
    INVALID_PLAYER = "invalid_player"
    INVALID_REF = "invalid_ref"
    INVALID_RULES = "invalid_rules"
    INVALID_SCORE = "invalid_score"
    INVALID_SIDE = "invalid_side"
    INVALID_STAT = "invalid_stat"
    INVALID_STATUS = "invalid_status"
    INVALID_STOPPAGE_TIME = "invalid_stoppage_time"
    INVALID_SUBSTITUTION = "invalid_substitution"
    INVALID_TARGET = "invalid_target"
    INVALID_TIME = "invalid_time"
    INVALID_VALUE = "invalid_value"
    KICK_ORDER = "kick_order"
    KICKER_REPEAT = "kicker_repeat"
    LINEUP_LOCKED = "lineup_locked"
    LINEUP_SIZE = "lineup_size"
    MATCH_FINISHED = "match_finished"
    MATCH_OVER = "match_over"
    MISSING_PLAYER = "missing_player"
    NEGATIVE_RUNS = "negative_runs"
    NO_BATTER_LEFT = "no_batter_left"
    NO_DECLARATION = "no_declaration"
    NO_DRAW = "no_draw"
    NO_EXTRA_TIME = "no_extra_time"
    NO_INNINGS = "no_innings"
    NO_OVER_IN_PROGRESS = "no_over_in_progress"
    NO_SHOOTOUT = "no_shootout"
    NO_SUPER_OVER = "no_super_over"
    NO_VACANCY = "no_vacancy"
    NOT_A_CHASE = "not_a_chase"
    NOT_A_TIE = "not_a_tie"
    NOT_ELIGIBLE = "not_eligible"
    NOT_IN_PLAY = "not_in_play"
    NOT_ON_BENCH = "not_on_bench"
    NOT_ON_PITCH = "not_on_pitch"
    NOT_STARTED = "not_started"
    PERIOD_IN_PROGRESS = "period_in_progress"
    PERIOD_ORDER = "period_order"
    RESULT_DECIDED = "result_decided"
    RESULT_MISMATCH = "result_mismatch"
    SENT_OFF = "sent_off"
    SHOOTOUT_DECIDED = "shootout_decided"
    SHOOTOUT_IN_PROGRESS = "shootout_in_progress"
    SHOOTOUT_NOT_STARTED = "shootout_not_started"
    SHOOTOUT_UNDECIDED = "shootout_undecided"
    SUBSTITUTION_LIMIT = "substitution_limit"
    TIE_UNRESOLVED = "tie_unresolved"
    UNKNOWN_DISMISSAL = "unknown_dismissal"
    UNKNOWN_EVENT = "unknown_event"
    UNKNOWN_EVENT_KIND = "unknown_event_kind"
    UNKNOWN_PLAYER = "unknown_player"
    UNKNOWN_STAT = "unknown_stat"
    UNKNOWN_TARGET = "unknown_target"
    WINDOW_LIMIT = "window_limit"


class RuleViolation(Exception):
    """An event the Laws do not allow; `code` is stable for clients, `message` says why."""

    def __init__(self, code: RuleCode, message: str) -> None:
        super().__init__(message)
        self.code = RuleCode(code)
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
