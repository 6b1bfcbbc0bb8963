"""Bring one match up to what a feed says about it, in one transaction.

`fixture_sync` finds (or creates) the match by the source's external id, moves its
kick-off, walks its status through the state machine and turns the differences between
the feed and our log into scoring events, all through `scoring.services` with stable
idempotency keys. Either all of it commits or none of it does: a match is never left
half-written. Fans get the broadcasts after the commit (the scoring service registers
them with on_commit).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from matches.feeds.records import EventRecord, FixtureRecord, FixtureStatus
from matches.feeds.steps import FeedConflict, Step, translator_for
from matches.lifecycle import LIVE_STATUSES, SCORING_STATUSES, Status
from matches.models import Competition, Match
from matches.services import (
    competition_get_or_create,
    match_create,
    match_find_by_external_id,
    match_reschedule,
    player_get_or_create,
    team_get_or_create,
)
from scoring import services
from scoring.errors import ScoringError
from scoring.imports.cricsheet import cricsheet_check, cricsheet_fixture_create
from scoring.models import EventSource, Scoreboard
from scoring.rules.contract import RuleViolation
from scoring.rules.engines import engine_for
from scoring.selectors import squad_player_ids

# Sources whose matches are not football when no competition says otherwise.
SOURCE_SPORTS = {"cricsheet_replay": "cricket"}
KEY_LENGTH = 200


@dataclass(frozen=True, slots=True)
class MatchSync:
    """What syncing one fixture did; `error` is set (and nothing was written) on failure."""

    external_id: str
    match_id: int | None = None
    is_created: bool = False
    is_changed: bool = False
    events_written: int = 0
    error: str | None = None


def fixture_sync(
    *,
    fixture: FixtureRecord,
    events: list[EventRecord],
    competition: Competition | None = None,
) -> MatchSync:
    try:
        with transaction.atomic():
            return _Sync(fixture=fixture, events=events, competition=competition).run()
    except (ScoringError, FeedConflict, RuleViolation) as error:
        return MatchSync(external_id=fixture.external_id, error=_message(error))
    except (KeyError, TypeError, ValueError) as error:
        return MatchSync(
            external_id=fixture.external_id,
            error=f"the feed's record cannot be translated: {type(error).__name__}: {error}",
        )


def _message(error: Exception) -> str:
    if isinstance(error, ScoringError):
        return f"{error.code}: {error.message}"
    if isinstance(error, RuleViolation):
        return f"{error.code}: {error.message}"
    return str(error)


class _Sync:
    def __init__(
        self,
        *,
        fixture: FixtureRecord,
        events: list[EventRecord],
        competition: Competition | None,
    ) -> None:
        self.fixture = fixture
        self.events = events
        self.competition = competition
        self.prefix = f"{fixture.source}:{fixture.external_id}"
        self.written = 0
        self.players: dict[tuple[str, str], int] = {}
        self.squad: dict[str, int] | None = None
        self.seq: int | None = None  # where the log stands, once read

    def run(self) -> MatchSync:
        _lock_fixture(self.fixture.source, self.fixture.external_id)
        match, is_created = self._match()
        self.match = match
        if is_created:
            self.seq = 0  # nothing logged yet: no need to read it
        is_changed = is_created
        if match.status in (Status.SCHEDULED, Status.POSTPONED):
            is_changed |= match_reschedule(
                match=match, start_time=self.fixture.kickoff, round=self.fixture.round
            )
        self._follow_status()
        return MatchSync(
            external_id=self.fixture.external_id,
            match_id=match.pk,
            is_created=is_created,
            is_changed=is_changed or self.written > 0,
            events_written=self.written,
        )

    def _match(self) -> tuple[Match, bool]:
        fixture = self.fixture
        match = match_find_by_external_id(source=fixture.source, external_id=fixture.external_id)
        if match is not None:
            return match, False
        if fixture.source in DOCUMENT_MATCHES and fixture.document is not None:
            create = DOCUMENT_MATCHES[fixture.source]
            return create(
                fixture=fixture, document=fixture.document, competition=self.competition
            ), True
        competition = self.competition or competition_get_or_create(
            name=fixture.competition_name,
            sport=SOURCE_SPORTS.get(fixture.source, "football"),
            season=fixture.season or "",
        )
        sport = competition.sport
        match = match_create(
            competition=competition,
            home_team=team_get_or_create(name=fixture.home_team_name, sport=sport),
            away_team=team_get_or_create(name=fixture.away_team_name, sport=sport),
            start_time=fixture.kickoff,
            round=fixture.round or "",
            external_ids={fixture.source: fixture.external_id},
        )
        return match, True

    def _follow_status(self) -> None:
        target = self.fixture.status
        if target in (FixtureStatus.LIVE, FixtureStatus.FINISHED, FixtureStatus.AWARDED):
            self._play(is_over=target is not FixtureStatus.LIVE)
        elif target is FixtureStatus.POSTPONED:
            if self.match.status == Status.SCHEDULED:
                self._move(Status.POSTPONED)
            elif self.match.status == Status.LIVE:
                self._move(Status.SUSPENDED)
        elif target is FixtureStatus.CANCELLED:
            if self.match.status in (Status.SCHEDULED, Status.POSTPONED):
                self._move(Status.CANCELLED)
            elif self.match.status in LIVE_STATUSES:
                self._move(Status.ABANDONED)
        elif target is FixtureStatus.SCHEDULED and self.match.status == Status.POSTPONED:
            self._move(Status.SCHEDULED)

    def _play(self, *, is_over: bool) -> None:
        if self.match.status == Status.POSTPONED:
            self._move(Status.SCHEDULED)
        if self.match.status == Status.SCHEDULED:
            self._move(Status.LIVE)
        is_half_time = not is_over and self.fixture.minute == "HT"
        if self.match.status == Status.SUSPENDED or (
            self.match.status == Status.BREAK and not is_half_time
        ):
            self._move(Status.LIVE)
        if self.match.status not in SCORING_STATUSES:
            return  # finished, cancelled or abandoned here: the feed is behind us
        self._catch_up()
        if is_over:
            if self.match.status != Status.LIVE:
                self._move(Status.LIVE)
            self._move(Status.FINISHED)
        elif is_half_time and self.match.status == Status.LIVE:
            self._move(Status.BREAK)

    def _catch_up(self) -> None:
        """Write the feed's events the log lacks in one batch: one lock, one read of the log's
        state and keys, one projection write for all of them (a finished replay crawled at
        once is hundreds); fans get the last frame and fill the gap from the log. Status
        changes stay outside it, so each still reaches fans as a frame of its own."""
        translate = translator_for(self.match.sport)
        self.engine = engine_for(self.match.sport)
        with services.match_batch(match_ids=[self.match.pk]) as batched:
            logged = batched[self.match.pk]
            self.seq, self.state = logged.seq, logged.engine_state()
            for step in translate(
                fixture=self.fixture, events=self.events, state=self.state, player=self._player
            ):
                # Already in the log (an earlier crawl): the state we loaded holds it.
                if not logged.is_logged(step.key[:KEY_LENGTH]):
                    self._record(step)

    def _record(self, step: Step) -> None:
        recorded = services.event_record(
            match_id=self.match.pk,
            kind=step.kind,
            payload=step.payload,
            source=EventSource.CRAWLER,
            idempotency_key=step.key[:KEY_LENGTH],
        )
        if recorded.is_replay:
            # The log's keys were read under the fixture lock before the first step, so an
            # earlier (perhaps killed) attempt's writes were skipped; this one repeated a
            # key of its own, whose event the state already holds.
            return
        self.engine.apply(self.state, kind=step.kind, payload=recorded.event.payload)
        self.seq = recorded.event.seq
        self.written += 1

    def _move(self, to_status: Status) -> None:
        # Keyed by where the log stands, so two workers moving the match from the same
        # point write one transition, and a later real repeat (live again after a
        # suspension) gets a key of its own.
        key = f"{self.prefix}:status:{self.match.status}->{to_status}@{self._seq()}"
        recorded = services.match_transition(
            match_id=self.match.pk,
            to_status=to_status,
            source=EventSource.CRAWLER,
            idempotency_key=key[:KEY_LENGTH],
        )
        self.match.status = recorded.status
        if not recorded.is_replay:
            self.seq = recorded.event.seq
            self.written += 1

    def _seq(self) -> int:
        if self.seq is None:
            logged = Scoreboard.objects.filter(match=self.match).values_list("seq", flat=True)
            self.seq = logged.first() or 0
        return self.seq

    def _player(self, person: Any, side: str) -> int | None:
        if not isinstance(person, dict):
            return None
        external_id = str(person.get("external_id") or "")
        name = str(person.get("name") or "").strip() or (
            f"Player {external_id}" if external_id else ""
        )
        if not name:
            return None
        if self.fixture.document is not None and not external_id:
            # The match was created with its squads from this document: its names are theirs.
            return self._squad().get(name)
        cache_key = (side, external_id or name)
        if cache_key not in self.players:
            team = self.match.home_team if side == "home" else self.match.away_team
            self.players[cache_key] = player_get_or_create(
                name=name, team=team, source=self.fixture.source, external_id=external_id
            ).pk
        return self.players[cache_key]

    def _squad(self) -> dict[str, int]:
        if self.squad is None:
            info = (self.fixture.document or {}).get("info") or {}
            registry = (info.get("registry") or {}).get("people") or {}
            self.squad = squad_player_ids(match_id=self.match.pk, registry=registry)
        return self.squad


def _cricsheet_match_create(
    *, fixture: FixtureRecord, document: Mapping[str, Any], competition: Competition | None
) -> Match:
    """As the importer creates it (squads, substitutes, venue), after the engine accepted
    the whole file, so a file it refuses fails here with nothing written."""
    checked = cricsheet_check(document)
    match, _players = cricsheet_fixture_create(
        document=document,
        setup=checked.setup,
        events=checked.events,
        external_ids={fixture.source: fixture.external_id},
        start_time=fixture.kickoff,
        competition=competition,
    )
    return match


# Sources whose fixtures carry a whole-match document to create the match from.
DOCUMENT_MATCHES = {"cricsheet_replay": _cricsheet_match_create}


def fixture_lock_key(source: str, external_id: str) -> int:
    digest = hashlib.blake2b(f"{source}:{external_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock_fixture(source: str, external_id: str) -> None:
    """Serialise syncs of one feed fixture across workers until the transaction ends, so
    two crawls never both create the match or interleave their steps."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [fixture_lock_key(source, external_id)])
