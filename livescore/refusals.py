"""The domain's refusals outside scoring (accounts, fixtures, favourites).

Services raise `Refusal`; the API's exception handler maps its code to an HTTP status, so
services never know about HTTP. Scoring keeps its own `scoring.errors.ScoringError`."""

from enum import StrEnum
from typing import Any


class RefusalCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"


class Refusal(Exception):
    def __init__(
        self, code: RefusalCode, message: str, *, fields: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}


def invalid(**fields: str) -> Refusal:
    """One or more input fields are wrong: `invalid(time_zone="… is not a time zone")`."""
    return Refusal(
        RefusalCode.INVALID,
        "The request is not valid.",
        fields={name: [message] for name, message in fields.items()},
    )
