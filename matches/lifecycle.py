"""The match status state machine: plain Python, shared by admin, API and tasks."""

from enum import StrEnum


class Status(StrEnum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    BREAK = "break"
    SUSPENDED = "suspended"
    FINISHED = "finished"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    ABANDONED = "abandoned"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.SCHEDULED: frozenset({Status.LIVE, Status.POSTPONED, Status.CANCELLED}),
    Status.LIVE: frozenset({Status.BREAK, Status.SUSPENDED, Status.FINISHED, Status.ABANDONED}),
    Status.BREAK: frozenset({Status.LIVE, Status.SUSPENDED, Status.ABANDONED}),
    Status.SUSPENDED: frozenset({Status.LIVE, Status.ABANDONED}),
    # A postponed fixture keeps its history and is rescheduled, or called off.
    Status.POSTPONED: frozenset({Status.SCHEDULED, Status.CANCELLED}),
    Status.FINISHED: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.ABANDONED: frozenset(),
}

# Statuses in which the ball is (or may soon be) in play, so scoring events are accepted.
SCORING_STATUSES = frozenset({Status.LIVE, Status.BREAK, Status.SUSPENDED})
LIVE_STATUSES = frozenset({Status.LIVE, Status.BREAK, Status.SUSPENDED})


class IllegalTransition(Exception):
    def __init__(self, current: str, target: str) -> None:
        allowed = ", ".join(sorted(TRANSITIONS.get(Status(current), ()))) or "none"
        super().__init__(
            f"A {current} match cannot become {target} (allowed from {current}: {allowed})."
        )
        self.current = current
        self.target = target


def check_transition(current: str, target: str) -> Status:
    """Return the target status, or raise IllegalTransition."""
    try:
        to = Status(target)
    except ValueError:
        raise IllegalTransition(current, target) from None
    if to not in TRANSITIONS[Status(current)]:
        raise IllegalTransition(current, target)
    return to


def allowed_transitions(current: str) -> list[str]:
    return sorted(TRANSITIONS[Status(current)])
