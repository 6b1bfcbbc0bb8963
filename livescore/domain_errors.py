"""The one base of every refusal a service raises, and the refusals outside scoring.

A service raises a `DomainError` subclass whose `code` is a member of its domain's Enum
(`RefusalCode` here for accounts, fixtures and favourites; `scoring.errors.ErrorCode` for
the write path). The API's exception handler maps each code's kind to an HTTP status in one table
by kind (livescore/api_errors.py), the admin shows `message`, a command prints it: services never
know about HTTP. The rules engines raise `RuleViolation` (no Django, no app imports); the
scoring service turns it into a `ScoringError`."""

from enum import StrEnum
from typing import Any


class ErrorKind(StrEnum):
    """What sort of refusal a code is; the API turns a kind into an HTTP status."""

    INVALID = "invalid"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    UNPROCESSABLE = "unprocessable"
    UNAVAILABLE = "unavailable"


class DomainError(Exception):
    """A refused action: `code` is stable for clients, `message` is for people, `fields`
    maps input names to their problems, `extra` carries details a client may use, and
    `kind` says what sort of refusal it is (a bad request unless a subclass says more)."""

    def __init__(
        self,
        code: StrEnum,
        message: str,
        *,
        kind: ErrorKind = ErrorKind.INVALID,
        fields: dict[str, Any] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.kind = kind
        self.message = message
        self.fields = fields or {}
        self.extra = extra


class RefusalCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"


class Refusal(DomainError):
    def __init__(
        self, code: RefusalCode, message: str, *, fields: dict[str, Any] | None = None
    ) -> None:
        super().__init__(code, message, kind=ErrorKind(code.value), fields=fields)


def invalid(**fields: str) -> Refusal:
    """One or more input fields are wrong: `invalid(time_zone="… is not a time zone")`."""
    return Refusal(
        RefusalCode.INVALID,
        "The request is not valid.",
        fields={name: [message] for name, message in fields.items()},
    )
