"""Reading the append-only log: which sport events are in force after undos and corrections.

Plain Python so that the replay rule is one function, shared by rebuild and catch-up."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

UNDO = "undo"
CORRECTION = "correction"
STATUS = "status"
LOG_KINDS = frozenset({UNDO, CORRECTION, STATUS})


@dataclass(frozen=True)
class LoggedEvent:
    seq: int
    kind: str
    payload: dict[str, Any]
    target_seq: int | None = None


def events_in_force(log: Iterable[LoggedEvent]) -> list[LoggedEvent]:
    """The sport events an engine replays: undone ones dropped, corrected ones replaced
    (keeping their original position and seq)."""
    in_force: dict[int, LoggedEvent] = {}
    for event in log:
        if event.kind == UNDO:
            in_force.pop(event.target_seq, None)
        elif event.kind == CORRECTION:
            if event.target_seq in in_force:
                in_force[event.target_seq] = LoggedEvent(
                    seq=event.target_seq,
                    kind=event.payload["kind"],
                    payload=event.payload["payload"],
                )
        elif event.kind != STATUS:
            in_force[event.seq] = event
    return [in_force[seq] for seq in sorted(in_force)]
