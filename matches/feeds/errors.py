"""Errors raised by the feed library; each carries a one-line reason."""

from __future__ import annotations


class FeedError(Exception):
    """Base class: `reason` is one line, safe to store on a CrawlJob."""

    def __init__(self, reason: str) -> None:
        reason = " ".join(reason.split())
        super().__init__(reason)
        self.reason = reason


class FetchError(FeedError):
    """The fetcher gave up on a URL.

    `status` is the last HTTP status (None for network errors), `attempts` how many
    requests were made, and `retry_after` the delay in seconds the server asked for when
    that delay was longer than the fetcher is willing to wait (so a task can reschedule).
    """

    def __init__(
        self,
        reason: str,
        *,
        url: str,
        status: int | None = None,
        attempts: int = 0,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.url = url
        self.status = status
        self.attempts = attempts
        self.retry_after = retry_after


class ParseError(FeedError):
    """A response did not have the shape the adapter expects; nothing was returned.

    `crawl` sets `raw` (the body) and `url` before passing it on."""

    raw: bytes = b""
    url: str = ""


class ConfigError(FeedError):
    """A source was given a configuration it cannot work with."""


class RateLimitTimeout(FeedError):
    """`acquire` would have had to wait longer than its timeout."""
