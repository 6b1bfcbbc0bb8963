"""The write path: the only writer of scores. Admin, API, WebSocket, crawlers, importers and
the lifecycle job all call these; `events` holds the transaction, `football` the football
conveniences on top of it."""

from scoring.services.events import (
    Batched,
    Recorded,
    check_can_score,
    event_correct,
    event_record,
    event_undo,
    match_batch,
    match_transition,
    publication_batched,
    scoreboard_rebuild,
)

__all__ = [
    "Batched",
    "Recorded",
    "check_can_score",
    "event_correct",
    "event_record",
    "event_undo",
    "match_batch",
    "match_transition",
    "publication_batched",
    "scoreboard_rebuild",
]
