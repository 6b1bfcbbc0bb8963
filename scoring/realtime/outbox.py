"""Broadcasts that survive a Redis outage: hold in the transaction, send after commit, resend
what is left.

`hold` writes a PendingBroadcast row in the scoring transaction. After commit
`publish_committed` sends the new frame and clears every row of the match up to it (a fan
fills any jump in seq from the log). When the channel layer refuses, the rows stay and
`outbox_drain` (Celery beat every few seconds, or `manage.py outbox_drain --loop`) sends
them, oldest first, once Redis is back. Frames rebuilt from the log carry the current
summary on the last one only, as a catch-up does (scoring.realtime.catch_up.catch_up_frames)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from livescore.metrics import BROADCAST_FAILURES, BROADCAST_LATENCY, EVENTS_INGESTED
from matches.models import Match
from scoring.models import PendingBroadcast
from scoring.realtime import broadcast
from scoring.realtime.catch_up import catch_up_frames

logger = logging.getLogger(__name__)

# pg_advisory locks are keyed by two int4: this namespace and the match id.
OUTBOX_LOCK_NAMESPACE = 7_260_901


def hold(*, match_id: int, seq: int) -> None:
    """Inside the scoring transaction: this event must be broadcast, whatever happens next."""
    PendingBroadcast.objects.create(match_id=match_id, seq=seq)


def hold_many(*, seqs: Mapping[int, int]) -> None:
    """`hold` for the last event of each of many matches (by match id), in one statement."""
    PendingBroadcast.objects.bulk_create(
        [PendingBroadcast(match_id=match_id, seq=seq) for match_id, seq in seqs.items()]
    )


def publish_committed(
    *,
    match_id: int,
    seq: int,
    source: str,
    created_at: Any,
    send: Callable[[], bool],
) -> None:
    """After commit: send this event's frame; once sent, nothing up to it is held any more.

    Earlier events still held (a failed publish, or a batch that sends only its last frame)
    are not resent first: a fan who sees the seq jump reads them from the log before this
    frame (scoring/realtime/fanout.py), so order is kept at the fan either way."""
    EVENTS_INGESTED.labels(source=source).inc()
    if not _sent(send):
        _failed(match_id=match_id, seqs=[seq])
        return
    BROADCAST_LATENCY.observe(max(0.0, (timezone.now() - created_at).total_seconds()))
    try:
        PendingBroadcast.objects.filter(match_id=match_id, seq__lte=seq).delete()
    except DatabaseError:
        # Sent but still held: the drain sends it again and fans drop it by seq.
        logger.exception("outbox of match %s not cleared after #%s", match_id, seq)


def outbox_drain() -> int:
    """Send every held broadcast, per match in seq order; the number of matches emptied."""
    emptied = 0
    match_ids = list(
        PendingBroadcast.objects.order_by("match_id").values_list("match_id", flat=True).distinct()
    )
    for match_id in match_ids:
        if _drain_match(match_id=match_id):
            emptied += 1
    return emptied


def _drain_match(*, match_id: int) -> bool:
    with transaction.atomic():
        if not _try_lock(match_id):
            return False  # another process is draining this match right now
        seqs = list(
            PendingBroadcast.objects.filter(match_id=match_id)
            .order_by("seq")
            .values_list("seq", flat=True)
        )
        if not seqs:
            return True
        if not _send_from_log(match_id=match_id, seqs=seqs):
            PendingBroadcast.objects.filter(match_id=match_id).update(attempts=F("attempts") + 1)
            return False
        return True


def _send_from_log(*, match_id: int, seqs: list[int]) -> bool:
    """Resend the held events of one match, oldest first; delete each batch once sent."""
    match = (
        Match.objects.filter(pk=match_id)
        .values("competition_id", "home_team_id", "away_team_id")
        .first()
    )
    if match is None:
        PendingBroadcast.objects.filter(match_id=match_id).delete()
        return True
    first, last = min(seqs), max(seqs)
    frames = catch_up_frames(match_id=match_id, since_seq=first - 1, until_seq=last)
    if frames is None:
        # Too many to replay one by one: send the last; a fan who sees the gap reads the
        # log or takes a snapshot (scoring/realtime/fanout.py).
        frames = catch_up_frames(match_id=match_id, since_seq=last - 1, until_seq=last) or []
    for frame in frames:
        send = partial(
            broadcast.publish,
            match_id=match_id,
            competition_id=match["competition_id"],
            team_ids=(match["home_team_id"], match["away_team_id"]),
            frame=frame,
        )
        if not _sent(send):
            return False
        PendingBroadcast.objects.filter(match_id=match_id, seq__lte=frame["seq"]).delete()
    PendingBroadcast.objects.filter(match_id=match_id, seq__lte=last).delete()
    return True


def _sent(send: Callable[[], bool]) -> bool:
    # Once more at once: the first command after Redis restarts meets a pooled connection
    # the server closed, and fails at once; the second opens a fresh one. A Redis that is
    # really away costs two refused connects (or two connect timeouts, 2 s each).
    return send() or send()


def _failed(*, match_id: int, seqs: list[int]) -> None:
    BROADCAST_FAILURES.inc()
    logger.warning(
        "broadcast of match %s #%s held in the outbox until the channel layer answers",
        match_id,
        ",".join(map(str, seqs)),
    )


def _try_lock(match_id: int) -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)",
            [OUTBOX_LOCK_NAMESPACE, match_id % 2_147_483_647],
        )
        return bool(cursor.fetchone()[0])
