"""The one base of every refusal a service raises, and the refusals outside scoring.

A service raises a `DomainError` subclass whose `code` is a member of its domain's Enum
(`RefusalCode` here for accounts, fixtures and favourites; `scoring.errors.ErrorCode` for
the write path). The API's exception handler maps codes to HTTP statuses in one table
(livescore/api_errors.py), the admin shows `message`, a command prints it: services never
know about HTTP. The rules engines raise `RuleViolation` (no Django, no app imports); the
scoring service turns it into a `ScoringError`."""

from enum import StrEnum
from typing import Any


class DomainError(Exception):
    """A refused action: `code` is stable for clients, `message` is for people, `fields`
    maps input names to their problems, `extra` carries details a client may use."""

    def __init__(
        self,
        code: StrEnum,
        message: str,
        *,
        fields: dict[str, Any] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.code = code
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
        super().__init__(code, message, fields=fields)


def invalid(**fields: str) -> Refusal:
    """One or more input fields are wrong: `invalid(time_zone="… is not a time zone")`."""
    return Refusal(
        RefusalCode.INVALID,
        "The request is not valid.",
        fields={name: [message] for name, message in fields.items()},
    )
