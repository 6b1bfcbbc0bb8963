"""One exception for every refused scoring action, with a stable code for clients."""

from enum import StrEnum
from typing import Any

from livescore.domain_errors import DomainError, ErrorKind
from scoring.rules.contract import RuleCode


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


KINDS = {
    ErrorCode.STALE_SEQ: ErrorKind.CONFLICT,
    ErrorCode.ILLEGAL_TRANSITION: ErrorKind.CONFLICT,
    ErrorCode.MATCH_NOT_LIVE: ErrorKind.CONFLICT,
    ErrorCode.NOT_ASSIGNED: ErrorKind.FORBIDDEN,
    ErrorCode.UNAVAILABLE: ErrorKind.UNAVAILABLE,
    ErrorCode.IDEMPOTENCY_KEY_REUSED: ErrorKind.UNPROCESSABLE,
}


class ScoringError(DomainError):
    """A refused scoring action. `code` is the service's own (ErrorCode) or, when the Laws
    refused the event, the engine's RuleCode, so clients see why ("free_hit")."""

    def __init__(self, code: ErrorCode | RuleCode, message: str, **extra: Any) -> None:
        known = code if isinstance(code, ErrorCode | RuleCode) else _code(code)
        kind = KINDS.get(known, ErrorKind.INVALID)
        super().__init__(known, message, kind=kind, **extra)


def _code(value: str) -> ErrorCode | RuleCode:
    try:
        return ErrorCode(value)
    except ValueError:
        return RuleCode(value)
