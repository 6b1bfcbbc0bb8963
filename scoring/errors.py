"""One exception for every refused scoring action, with a stable code for clients."""

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    RULE_VIOLATION = "rule_violation"
    UNKNOWN_EVENT_KIND = "unknown_event_kind"
    INVALID_PAYLOAD = "invalid_payload"
    MATCH_NOT_LIVE = "match_not_live"
    ILLEGAL_TRANSITION = "illegal_transition"
    STALE_SEQ = "stale_seq"
    NOTHING_TO_UNDO = "nothing_to_undo"
    BAD_TARGET = "bad_target"
    NOT_ASSIGNED = "not_assigned"
    UNAVAILABLE = "unavailable"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"


class ScoringError(Exception):
    def __init__(self, code: ErrorCode | str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.extra = extra
