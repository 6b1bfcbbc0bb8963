"""The only writer of scores. Admin, API, WebSocket, crawlers and importers all call these.

Each write is one transaction: lock the match's scoreboard, validate against the sport's
engine, append to the log with the next seq, update the projection; the broadcast is
registered with on_commit so no fan ever sees an event that did not commit."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync, sync_to_async
from django.db import IntegrityError, transaction
from django.utils import timezone

from matches import read_cache
from matches.lifecycle import SCORING_STATUSES, IllegalTransition, check_transition
from matches.models import Match
from scoring.errors import ErrorCode, ScoringError
from scoring.models import EventSource, MatchEvent, Scoreboard
from scoring.realtime import broadcast, outbox
from scoring.rules.contract import MatchSetup, RuleViolation
from scoring.rules.engines import engine_for
from scoring.rules.replay import CORRECTION, LOG_KINDS, STATUS, UNDO, events_in_force
from scoring.selectors import match_log_get, match_setup_get, match_setups_get

SYSTEM_SOURCES = frozenset(
    {EventSource.CRAWLER, EventSource.IMPORT, EventSource.SYSTEM, EventSource.DEMO}
)

_publication_batch: ContextVar[list[partial[None]] | None] = ContextVar(
    "publication_batch", default=None
)


@dataclass(frozen=True)
class Recorded:
    event: MatchEvent
    summary: dict[str, Any]
    status: str
    warnings: list[str] = field(default_factory=list)
    is_replay: bool = False  # an idempotent retry: the first answer, nothing written


def check_can_score(*, user: Any, match: Match, source: str) -> None:
    """Staff score any match, scorers only their assigned ones; system sources no user."""
    if user is None:
        if source in SYSTEM_SOURCES:
            return
        raise ScoringError(ErrorCode.NOT_ASSIGNED, "Sign in as a scorer to score this match.")
    if user.is_superuser or user.is_scoring_staff:
        return
    if not match.scorers.filter(pk=user.pk).exists():
        raise ScoringError(ErrorCode.NOT_ASSIGNED, "You are not assigned to score this match.")


def event_record(
    *,
    match_id: int,
    kind: str,
    payload: dict[str, Any],
    author: Any = None,
    source: str,
    idempotency_key: str | None = None,
    expected_seq: int | None = None,
) -> Recorded:
    """Append one sport event (a delivery, a goal …) and update the scoreboard."""
    if kind in LOG_KINDS:
        raise ScoringError(ErrorCode.UNKNOWN_EVENT_KIND, f"Use the {kind} action for '{kind}'.")
    if not isinstance(payload, dict):
        raise ScoringError(ErrorCode.INVALID_PAYLOAD, "The payload must be a JSON object.")
    digest = _request_digest(
        "event", kind=kind, payload=payload, expected_seq=expected_seq
    )  # before the stamp: a retry of the same body gets a later one
    payload = _stamped(payload)
    with _locked(match_id) as (board, match, batch):
        check_can_score(user=author, match=match, source=source)
        keyed = _Keyed(key=idempotency_key, author=author, source=source, digest=digest)
        if replay := _replayed(keyed=keyed, board=board, match=match, batch=batch):
            return replay
        _check_seq(board=board, expected_seq=expected_seq)
        state, warnings = _applied(
            board=board,
            match=match,
            kind=kind,
            payload=payload,
            setup=batch.setup if batch is not None else None,
            state=batch.state if batch is not None else None,
        )
        if batch is None:
            _project(board=board, match=match, state=state)
        else:
            # Dumped once when the batch ends: nobody else can read it before then.
            batch.state = state
            board.summary = engine_for(match.sport).summary(state)
        event = _append(
            board=board,
            match=match,
            kind=kind,
            payload=payload,
            author=author,
            source=source,
            idempotency_key=idempotency_key,
            request_digest=digest,
            batch=batch,
        )
        return Recorded(event=event, summary=board.summary, status=match.status, warnings=warnings)


def _stamped(payload: dict[str, Any]) -> dict[str, Any]:
    """Stamp when the event happened, unless the source knows better (a feed, a replay).

    Stored in the log, so a rebuild replays the same clock: match clocks are computed from
    these times, never typed."""
    if "at" in payload:
        return payload
    return {**payload, "at": timezone.now().timestamp()}


def event_undo(
    *,
    match_id: int,
    author: Any = None,
    source: str,
    target_seq: int | None = None,
    idempotency_key: str | None = None,
    expected_seq: int | None = None,
) -> Recorded:
    """Void a sport event (the last one in force by default); the log keeps both."""
    return _amend(
        match_id=match_id,
        kind=UNDO,
        payload={},
        author=author,
        source=source,
        target_seq=target_seq,
        idempotency_key=idempotency_key,
        expected_seq=expected_seq,
        digest=_request_digest("undo", target_seq=target_seq, expected_seq=expected_seq),
    )


def event_correct(
    *,
    match_id: int,
    target_seq: int,
    kind: str,
    payload: dict[str, Any],
    author: Any = None,
    source: str,
    idempotency_key: str | None = None,
    expected_seq: int | None = None,
) -> Recorded:
    """Replace an earlier sport event in place (a 1 that was a 4, the wrong bowler …)."""
    if not isinstance(payload, dict):
        raise ScoringError(ErrorCode.INVALID_PAYLOAD, "The payload must be a JSON object.")
    return _amend(
        match_id=match_id,
        kind=CORRECTION,
        payload={"kind": kind, "payload": payload},
        author=author,
        source=source,
        target_seq=target_seq,
        idempotency_key=idempotency_key,
        expected_seq=expected_seq,
        digest=_request_digest(
            "correction",
            target_seq=target_seq,
            kind=kind,
            payload=payload,
            expected_seq=expected_seq,
        ),
    )


def match_transition(
    *,
    match_id: int,
    to_status: str,
    author: Any = None,
    source: str,
    idempotency_key: str | None = None,
    expected_seq: int | None = None,
) -> Recorded:
    """Move a match through its lifecycle; the change is logged and broadcast like a goal."""
    digest = _request_digest("status", status=to_status, expected_seq=expected_seq)
    with _locked(match_id) as (board, match, batch):
        check_can_score(user=author, match=match, source=source)
        keyed = _Keyed(key=idempotency_key, author=author, source=source, digest=digest)
        if replay := _replayed(keyed=keyed, board=board, match=match, batch=batch):
            return replay
        _check_seq(board=board, expected_seq=expected_seq)
        status_change = _transitioned(match=match, to_status=to_status)
        if batch is None:
            match.save(update_fields=["status", "status_changed_at"])
        else:
            batch.is_match_changed = True  # saved when the batch ends, with its projection
        event = _append(
            board=board,
            match=match,
            kind=STATUS,
            payload=status_change,
            author=author,
            source=source,
            idempotency_key=idempotency_key,
            request_digest=digest,
            batch=batch,
        )
        return Recorded(event=event, summary=board.summary, status=match.status)


def scoreboard_rebuild(*, match_id: int) -> Scoreboard:
    """Recompute the projection from the log alone."""
    with _locked(match_id) as (board, match, batch):
        if batch is not None:
            batch.flush()
        _rebuild_into(board=board, match=match)
        board.save()
        transaction.on_commit(
            partial(
                read_cache.match_changed, match_id=match.pk, competition_id=match.competition_id
            )
        )
        return board


def _amend(
    *,
    match_id: int,
    kind: str,
    payload: dict[str, Any],
    author: Any,
    source: str,
    target_seq: int | None,
    idempotency_key: str | None,
    expected_seq: int | None,
    digest: str,
) -> Recorded:
    with _locked(match_id) as (board, match, batch):
        check_can_score(user=author, match=match, source=source)
        keyed = _Keyed(key=idempotency_key, author=author, source=source, digest=digest)
        if replay := _replayed(keyed=keyed, board=board, match=match, batch=batch):
            return replay
        _check_seq(board=board, expected_seq=expected_seq)
        if batch is not None:
            batch.flush()  # the log is read back from the database below
        in_force = events_in_force(match_log_get(match_id=match_id))
        if target_seq is None:
            if not in_force:
                raise ScoringError(ErrorCode.NOTHING_TO_UNDO, "There is no event to undo.")
            target_seq = in_force[-1].seq
        if target_seq not in {event.seq for event in in_force}:
            raise ScoringError(
                ErrorCode.BAD_TARGET,
                f"Event #{target_seq} is not a scoring event in force in this match.",
            )
        if kind == CORRECTION:
            if payload["kind"] not in engine_for(match.sport).EVENT_KINDS:
                raise ScoringError(
                    ErrorCode.UNKNOWN_EVENT_KIND,
                    f"'{payload['kind']}' is not a {match.sport} event.",
                )
            # A corrected event happened when the original did.
            original = next(event for event in in_force if event.seq == target_seq)
            if "at" not in payload["payload"] and "at" in original.payload:
                payload["payload"] = {**payload["payload"], "at": original.payload["at"]}
        event = _append(
            board=board,
            match=match,
            kind=kind,
            payload=payload,
            author=author,
            source=source,
            idempotency_key=idempotency_key,
            request_digest=digest,
            target_seq=target_seq,
            save_board=False,
            batch=batch,
        )
        if batch is not None:
            batch.flush()
        _rebuild_into(board=board, match=match)
        board.save()
        return Recorded(event=event, summary=board.summary, status=match.status)


def _applied(
    *,
    board: Scoreboard,
    match: Match,
    kind: str,
    payload: dict[str, Any],
    setup: MatchSetup | None = None,
    state: Any = None,
) -> tuple[Any, list[str]]:
    """The engine state after this event, and its warnings; the board is not touched."""
    engine = engine_for(match.sport)
    if kind not in engine.EVENT_KINDS:
        raise ScoringError(
            ErrorCode.UNKNOWN_EVENT_KIND,
            f"'{kind}' is not a {match.sport} event; expected one of "
            f"{', '.join(sorted(engine.EVENT_KINDS))}.",
        )
    if not isinstance(payload, dict):
        raise ScoringError(ErrorCode.INVALID_PAYLOAD, "The payload must be a JSON object.")
    if match.status not in SCORING_STATUSES:
        raise ScoringError(
            ErrorCode.MATCH_NOT_LIVE, f"The match is {match.status}; start it before scoring."
        )
    if state is None:
        state = (
            engine.load(board.state)
            if board.state is not None
            else engine.new_state(setup or match_setup_get(match=match))
        )
    try:
        warnings = engine.apply(state, kind=kind, payload=payload)
    except RuleViolation as violation:
        raise ScoringError(violation.code, violation.message) from None
    except (KeyError, TypeError, ValueError) as error:
        raise ScoringError(
            ErrorCode.INVALID_PAYLOAD, f"The {kind} payload is malformed: {error!s}"
        ) from None
    return state, warnings


def _project(*, board: Scoreboard, match: Match, state: Any) -> None:
    engine = engine_for(match.sport)
    board.state = engine.dump(state)
    board.summary = engine.summary(state)


def _transitioned(*, match: Match, to_status: str) -> dict[str, str]:
    """Move the (unsaved) match to its next status; the status log entry's payload."""
    try:
        target = check_transition(match.status, to_status)
    except IllegalTransition as error:
        raise ScoringError(ErrorCode.ILLEGAL_TRANSITION, str(error), status=match.status) from None
    previous = match.status
    match.status = target.value
    match.status_changed_at = timezone.now()
    return {"from": previous, "to": target.value}


def _lock_many(match_ids: list[int]) -> tuple[dict[int, Scoreboard], dict[int, Match]]:
    """Serialise writers of these matches on their scoreboard rows (the one lock in the
    system), taken in match id order so two writers of overlapping sets cannot deadlock."""
    boards = _boards_locked(match_ids)
    if missing := [match_id for match_id in match_ids if match_id not in boards]:
        # The matches' first writes: create their scoreboard rows (a concurrent first write
        # waits on the primary key, then does nothing), then lock them like any later write.
        found = set(Match.objects.filter(pk__in=missing).values_list("pk", flat=True))
        if absent := [match_id for match_id in missing if match_id not in found]:
            raise ScoringError(ErrorCode.BAD_TARGET, f"Match {absent[0]} does not exist.")
        Scoreboard.objects.bulk_create(
            [Scoreboard(match_id=match_id) for match_id in missing], ignore_conflicts=True
        )
        boards.update(_boards_locked(missing))
    # Read after the locks are held, so the statuses are ones no other writer can change now.
    matches = Match.objects.select_related("competition", "home_team", "away_team").in_bulk(
        match_ids
    )
    for match_id, board in boards.items():
        board.match = matches[match_id]
    return boards, matches


def _boards_locked(match_ids: list[int]) -> dict[int, Scoreboard]:
    return {
        board.match_id: board
        for board in Scoreboard.objects.select_for_update()
        .filter(match_id__in=match_ids)
        .order_by("match_id")
    }


def _rebuild_into(*, board: Scoreboard, match: Match) -> None:
    engine = engine_for(match.sport)
    log = match_log_get(match_id=match.pk)
    state = engine.new_state(match_setup_get(match=match))
    for event in events_in_force(log):
        try:
            engine.apply(state, kind=event.kind, payload=event.payload)
        except RuleViolation as violation:
            raise ScoringError(
                violation.code,
                f"After this change event #{event.seq} no longer fits: {violation.message}",
            ) from None
    board.state = engine.dump(state)
    board.summary = engine.summary(state)
    board.seq = log[-1].seq if log else 0
    board.updated_at = timezone.now()


@dataclass
class _Batch:
    """Writes to one match inside `match_batch`: the locked rows and the engine state stay in
    memory, new log entries are inserted in bulk, the projection is saved once."""

    board: Scoreboard
    match: Match
    keys: set[tuple[int | None, str]]  # (author id, idempotency key) already logged
    setup: MatchSetup | None = None  # read up front when the match has no state yet
    state: Any = None  # the engine state after the last event recorded in the batch
    pending: list[MatchEvent] = field(default_factory=list)
    last_event: MatchEvent | None = None
    is_match_changed: bool = False
    is_broken: bool = False

    def flush(self) -> None:
        self.flush_events()
        self.flush_state()

    def flush_events(self) -> None:
        _insert(self.pending)
        self.pending = []

    def flush_state(self) -> None:
        if self.state is not None:
            self.board.state = engine_for(self.match.sport).dump(self.state)
            self.state = None


_batches: ContextVar[dict[int, _Batch] | None] = ContextVar("scoring_batches", default=None)
BATCH_FLUSH_SIZE = 500


@dataclass(frozen=True)
class Batched:
    """One match as its batch read it under the lock when the block began, for a caller that
    plans its writes from what is logged (a crawl) without reading the same rows again."""

    status: str
    seq: int
    keys: frozenset[tuple[int | None, str]]  # (author id, idempotency key) in its log
    sport: str
    stored_state: Any  # the projection's engine state as stored; None before any event
    setup: MatchSetup | None  # read when there is no stored state to start from

    def is_logged(self, key: str, *, author: Any = None) -> bool:
        """Whether this author's (the system's when None) write with this key is logged."""
        return (getattr(author, "pk", None), key) in self.keys

    def engine_state(self) -> Any:
        """A new copy of the engine state, the caller's own to apply steps to."""
        engine = engine_for(self.sport)
        if self.stored_state is not None:
            return engine.load(self.stored_state)
        return engine.new_state(self.setup)


@contextmanager
def match_batch(*, match_ids: Collection[int]) -> Iterator[dict[int, Batched]]:
    """Many writes to one or many matches as one transaction, each match locked once (an
    import, a season, a crawl).

    One ordinary call per event costs its own lock, re-reads, savepoint, insert, projection
    save and broadcast: dozens of statements, so an import of thousands of events is bound
    by round trips, not by the engine. Inside the block every service call for these matches
    is still the ordinary one (same checks, idempotency, seqs and log entries), but reuses
    the locked rows, the logged idempotency keys and the engine state in memory. When the
    block ends, the log entries, projections and status changes of all its matches are
    written in a few statements, and fans get each match's last frame after commit
    (consumers fill the gap from the log by seq). A refused write ends the batch: nothing
    of it is committed. Yields what was read of each match (`Batched`), by match id."""
    open_batches = _batches.get() or {}
    requested = set(match_ids)
    match_ids = sorted(requested - open_batches.keys())
    if not match_ids:  # already batched by an enclosing block
        yield {match_id: _batched(open_batches[match_id]) for match_id in requested}
        return
    with transaction.atomic():
        batches = _batches_open(match_ids)
        every = {**open_batches, **batches}
        token = _batches.set(every)
        try:
            yield {match_id: _batched(every[match_id]) for match_id in requested}
        finally:
            _batches.reset(token)
        if any(batch.is_broken for batch in batches.values()):
            raise ScoringError(
                ErrorCode.RULE_VIOLATION, "A write in this batch was refused; nothing was saved."
            )
        _batches_close(batches)


def _batches_open(match_ids: list[int]) -> dict[int, _Batch]:
    boards, matches = _lock_many(match_ids)
    keys: dict[int, set[tuple[int | None, str]]] = {match_id: set() for match_id in match_ids}
    logged = MatchEvent.objects.filter(match_id__in=match_ids, idempotency_key__isnull=False)
    for match_id, author_id, key in logged.values_list("match_id", "author_id", "idempotency_key"):
        keys[match_id].add((author_id, key))
    fresh = [matches[match_id] for match_id in match_ids if boards[match_id].state is None]
    setups = match_setups_get(matches=fresh) if fresh else {}
    return {
        match_id: _Batch(
            board=boards[match_id],
            match=matches[match_id],
            keys=keys[match_id],
            setup=setups.get(match_id),
        )
        for match_id in match_ids
    }


def _batched(batch: _Batch) -> Batched:
    state = batch.board.state
    if batch.state is not None:  # events recorded by an enclosing block, not dumped yet
        state = engine_for(batch.match.sport).dump(batch.state)
    return Batched(
        status=batch.match.status,
        seq=batch.board.seq,
        keys=frozenset(batch.keys),
        sport=batch.match.sport,
        stored_state=state,
        setup=batch.setup,
    )


def _batches_close(batches: dict[int, _Batch]) -> None:
    """Write what the batches kept in memory, a statement per table for all their matches."""
    _insert([event for batch in batches.values() for event in batch.pending])
    written = [batch for batch in batches.values() if batch.last_event is not None]
    for batch in written:
        batch.flush_state()
    _update([batch.board for batch in written], ["seq", "state", "summary", "updated_at"])
    _update(
        [batch.match for batch in batches.values() if batch.is_match_changed],
        ["status", "status_changed_at"],
    )
    outbox.hold_many(seqs={batch.match.pk: batch.board.seq for batch in written})
    for batch in written:
        _publish_on_commit(
            partial(
                _publish_committed, event=batch.last_event, board=batch.board, match=batch.match
            )
        )


def _update(rows: list[Any], fields: list[str]) -> None:
    # One statement either way; a single row skips bulk_update's CASE, which costs more to
    # build than the round trip (a crawl batches one match at a time).
    if len(rows) == 1:
        rows[0].save(update_fields=fields)
    elif rows:
        type(rows[0]).objects.bulk_update(rows, fields)


def _insert(events: list[MatchEvent]) -> None:
    if not events:
        return
    try:
        MatchEvent.objects.bulk_create(events)
    except IntegrityError:
        raise ScoringError(
            ErrorCode.STALE_SEQ, "Another write reached this match first; retry."
        ) from None


@contextmanager
def _locked(match_id: int) -> Iterator[tuple[Scoreboard, Match, _Batch | None]]:
    """The locked rows for one write: this call's own transaction, or the open batch's."""
    batch = (_batches.get() or {}).get(match_id)
    if batch is None:
        with transaction.atomic():
            boards, matches = _lock_many([match_id])
            yield boards[match_id], matches[match_id], None
        return
    if batch.is_broken:
        raise ScoringError(
            ErrorCode.RULE_VIOLATION, "An earlier write in this batch was refused; it cannot go on."
        )
    try:
        yield batch.board, batch.match, batch
    except BaseException:
        # The engine state may be half-applied and nothing rolls back to a savepoint.
        batch.is_broken = True
        raise


def _check_seq(*, board: Scoreboard, expected_seq: int | None) -> None:
    if expected_seq is not None and expected_seq != board.seq:
        raise ScoringError(
            ErrorCode.STALE_SEQ,
            f"The match has moved on: you expected #{expected_seq}, it is at #{board.seq}.",
            current_seq=board.seq,
        )


@dataclass(frozen=True)
class _Keyed:
    """A write's idempotency key, whose it is, and what it asked for."""

    key: str | None
    author: Any
    source: str
    digest: str

    @property
    def author_id(self) -> int | None:
        return getattr(self.author, "pk", None)


def _request_digest(action: str, **request: Any) -> str:
    """A canonical digest of what a write asked for, to tell a retry from a reused key."""
    text = json.dumps(
        {"action": action, **request}, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _authored_by(author: Any) -> dict[str, Any]:
    """The filter for a write's own idempotency keys: each user's, or the system's."""
    author_id = getattr(author, "pk", None)
    return {"author_id": author_id} if author_id else {"author__isnull": True}


def _replayed(
    *, keyed: _Keyed, board: Scoreboard, match: Match, batch: _Batch | None
) -> Recorded | None:
    if not keyed.key:
        return None
    if batch is not None:
        if (keyed.author_id, keyed.key) not in batch.keys:
            return None
        batch.flush_events()
    try:
        first = MatchEvent.objects.get(
            match_id=match.pk, idempotency_key=keyed.key, **_authored_by(keyed.author)
        )
    except MatchEvent.DoesNotExist:  # unique per match and author: at most one
        return None
    # A person's client that reuses a key for another request gets a refusal, never the
    # first request's answer. System sources keep skipping what is logged: their keys name
    # a place in a file or feed, which a corrected upstream file may word differently.
    if (
        keyed.source not in SYSTEM_SOURCES
        and first.request_digest
        and first.request_digest != keyed.digest
    ):
        raise ScoringError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was already used for a different request; "
            "send a new key with a new request.",
        )
    # The match was read under the lock (or is the batch's own, saved when it ends).
    return Recorded(event=first, summary=board.summary, status=match.status, is_replay=True)


def _append(
    *,
    board: Scoreboard,
    match: Match,
    kind: str,
    payload: dict[str, Any],
    author: Any,
    source: str,
    idempotency_key: str | None,
    request_digest: str = "",
    target_seq: int | None = None,
    save_board: bool = True,
    batch: _Batch | None = None,
) -> MatchEvent:
    seq = board.seq + 1
    event = MatchEvent(
        match=match,
        seq=seq,
        kind=kind,
        payload=payload,
        target_seq=target_seq,
        author=author if getattr(author, "pk", None) else None,
        source=source,
        idempotency_key=idempotency_key or None,
        request_digest=request_digest if idempotency_key else "",
    )
    if batch is not None:
        return _append_to_batch(batch, event)
    try:
        # No savepoint of its own: the write's transaction (`_locked`) rolls back with the
        # error raised here, and nothing runs between the two.
        event.save(force_insert=True)
    except IntegrityError:
        raise ScoringError(
            ErrorCode.STALE_SEQ, "Another write reached this match first; retry.", current_seq=seq
        ) from None
    board.seq = seq
    board.updated_at = event.created_at
    if save_board:
        board.save()
    # The board and match objects are this transaction's own: read at commit time they
    # hold the summary and status as of this event, even after a rebuild later in it.
    outbox.hold(match_id=match.pk, seq=seq)
    _publish_on_commit(partial(_publish_committed, event=event, board=board, match=match))
    return event


def _publish_on_commit(publish: partial[None]) -> None:
    batch = _publication_batch.get()
    # Registered per event even when batched: a rolled-back savepoint drops its events.
    transaction.on_commit(publish if batch is None else partial(batch.append, publish))


@contextmanager
def publication_batched() -> Iterator[None]:
    """Inside a transaction, publish the frames of every event written in the block in one
    pass after commit (season imports write thousands). Each publish otherwise starts its
    own event loop and Redis connection, which costs more than the write itself."""
    batch: list[partial[None]] = []
    token = _publication_batch.set(batch)
    try:
        yield
    finally:
        _publication_batch.reset(token)
    transaction.on_commit(partial(_publish_batch, batch))


def _publish_batch(batch: list[partial[None]]) -> None:
    # Only each match's latest frame: it carries the summary and status, and a fan who
    # sees its seq jump fetches the events in between from the log.
    latest = {publish.keywords["event"].match_id: publish for publish in batch}

    async def publish_all() -> None:
        # One event loop (and one channel-layer connection) for the whole batch: each
        # publish's async_to_sync runs on this loop instead of starting its own.
        for publish in latest.values():
            await sync_to_async(publish)()

    if latest:
        async_to_sync(publish_all)()


def _append_to_batch(batch: _Batch, event: MatchEvent) -> MatchEvent:
    batch.pending.append(event)
    if event.idempotency_key:
        batch.keys.add((event.author_id, event.idempotency_key))
    batch.board.seq = event.seq
    batch.board.updated_at = event.created_at
    batch.last_event = event
    if len(batch.pending) >= BATCH_FLUSH_SIZE:
        batch.flush_events()
    return event


def _publish_committed(*, event: MatchEvent, board: Scoreboard, match: Match) -> None:
    # Cached API reads first, so a fan who fetches on receiving the frame sees this event.
    # The competition's generation is bumped with it: the cached table moves too.
    read_cache.match_changed(match_id=event.match_id, competition_id=match.competition_id)
    outbox.publish_committed(
        match_id=event.match_id,
        seq=event.seq,
        source=event.source,
        created_at=event.created_at,
        send=partial(
            broadcast.publish,
            match_id=event.match_id,
            competition_id=match.competition_id,
            team_ids=(match.home_team_id, match.away_team_id),
            frame=broadcast.event_frame(
                channel=broadcast.match_channel(event.match_id),
                match_id=event.match_id,
                seq=event.seq,
                kind=event.kind,
                ts=event.created_at.isoformat(),
                payload=event.payload,
                target_seq=event.target_seq,
                summary=board.summary,
                status=match.status,
            ),
        ),
    )
