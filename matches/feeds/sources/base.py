"""The interface every source adapter implements, and the parsing helpers they share."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from matches.feeds.errors import ConfigError, ParseError
from matches.feeds.records import CrawlResult


@dataclass(frozen=True, slots=True)
class FeedRequest:
    """One URL to GET, with the extra headers the source needs (e.g. an API token)."""

    url: str
    headers: Mapping[str, str] = field(default_factory=dict)


class Source(ABC):
    """A feed adapter: knows which URLs to fetch and how to parse what comes back.

    Construct with the CrawlJob's config dict (validated here, raising ConfigError), then
    fetch each of `build_requests()` and pass each body to `parse`. `parse` either returns
    a complete CrawlResult or raises ParseError; it never returns part of a response.

    `uses_conditional_requests` is False for sources whose output changes even when the
    body does not (the replay source), so callers must not skip parsing on a 304 for them.
    """

    name: ClassVar[str]
    uses_conditional_requests: ClassVar[bool] = True

    def __init__(
        self,
        config: Mapping[str, Any],
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.config = dict(config)
        self.clock = clock or (lambda: datetime.now(UTC))

    @abstractmethod
    def build_requests(self) -> list[FeedRequest]: ...

    @abstractmethod
    def parse(self, body: bytes, *, url: str) -> CrawlResult: ...


def config_str(config: Mapping[str, Any], key: str, *, default: str | None = None) -> str:
    value = config.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"config key {key!r} must be a non-empty string, got {value!r}")
    return value.strip()


def load_json(body: bytes, *, url: str) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"{url}: body is not JSON: {exc}") from exc


def expect(condition: bool, *, url: str, what: str) -> None:
    """Raise ParseError unless `condition`; `what` says what was expected."""
    if not condition:
        raise ParseError(f"{url}: expected {what}")


def parse_utc_datetime(value: Any, *, url: str, what: str) -> datetime:
    if not isinstance(value, str):
        raise ParseError(f"{url}: {what} is not a date-time string: {value!r}")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ParseError(f"{url}: {what} is not ISO 8601: {value!r}") from exc
    if parsed.tzinfo is None:
        raise ParseError(f"{url}: {what} has no timezone: {value!r}")
    return parsed


def optional_int(value: Any, *, url: str, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ParseError(f"{url}: {what} is not a non-negative integer: {value!r}")
    return value
