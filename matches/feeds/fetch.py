"""Polite, bounded HTTP GETs for feed crawling.

Retries 429, 5xx and network errors with exponential backoff and full jitter, honours
Retry-After, makes conditional requests, identifies itself, and passes every attempt
through the shared per-domain rate limit.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from matches.feeds.errors import FetchError
from matches.feeds.ratelimit import RateLimiter

USER_AGENT = "livescore-crawler/0.1 (+https://livescore.example/crawler)"

_RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a GET returned. On a 304, `not_modified` is True, `body` is empty and `etag` /
    `last_modified` are the validators to keep using (the new ones if the server sent any)."""

    url: str
    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    attempts: int
    not_modified: bool


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class Fetcher:
    """GET URLs politely. One instance per worker process; it holds a connection pool.

    `max_attempts` bounds the number of requests per `get`. Between attempts it sleeps a
    random time in [0, min(backoff_cap, backoff_base * 2**(attempt-1))] ("full jitter"),
    or the server's Retry-After if that is given and not above `retry_after_cap`; a longer
    Retry-After makes it give up at once with FetchError.retry_after set, so a Celery task
    can reschedule instead of holding a worker.
    """

    def __init__(
        self,
        *,
        rate_limiter: RateLimiter | None = None,
        rate_limit_timeout: float | None = 60.0,
        max_attempts: int = 4,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        retry_after_cap: float = 60.0,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        max_bytes: int = 10 * 1024 * 1024,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._rate_limiter = rate_limiter
        self._rate_limit_timeout = rate_limit_timeout
        self._max_attempts = max_attempts
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._retry_after_cap = retry_after_cap
        self._max_bytes = max_bytes
        self._sleep = sleep
        self._jitter = jitter
        self._now = now
        self._client = httpx.Client(
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            headers={"User-Agent": user_agent},
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET `url`; pass the previous response's validators to make it conditional."""
        request_headers = dict(headers or {})
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        domain = _domain(url)

        for attempt in range(1, self._max_attempts + 1):
            is_last = attempt == self._max_attempts
            if self._rate_limiter is not None:
                self._rate_limiter.acquire(domain, timeout=self._rate_limit_timeout)
            try:
                status, response_headers, body, final_url = self._request(url, request_headers)
            except httpx.TransportError as exc:
                reason = f"network error: {type(exc).__name__}: {exc}"
                if is_last:
                    raise FetchError(
                        _gave_up(url, attempt, reason), url=url, attempts=attempt
                    ) from exc
                self._sleep(self._backoff(attempt))
                continue

            if status == 304:
                return FetchResult(
                    url=final_url,
                    status=status,
                    body=b"",
                    etag=response_headers.get("etag") or etag,
                    last_modified=response_headers.get("last-modified") or last_modified,
                    attempts=attempt,
                    not_modified=True,
                )
            if 200 <= status < 300:
                return FetchResult(
                    url=final_url,
                    status=status,
                    body=body,
                    etag=response_headers.get("etag"),
                    last_modified=response_headers.get("last-modified"),
                    attempts=attempt,
                    not_modified=False,
                )
            if status not in _RETRYABLE_STATUSES:
                raise FetchError(
                    f"GET {url} failed: HTTP {status} is not retryable",
                    url=url,
                    status=status,
                    attempts=attempt,
                )

            retry_after = parse_retry_after(response_headers.get("retry-after"), now=self._now())
            if retry_after is not None and retry_after > self._retry_after_cap:
                raise FetchError(
                    f"GET {url} failed: HTTP {status} with Retry-After {retry_after:.0f}s, "
                    f"above the {self._retry_after_cap:.0f}s cap",
                    url=url,
                    status=status,
                    attempts=attempt,
                    retry_after=retry_after,
                )
            if is_last:
                raise FetchError(
                    _gave_up(url, attempt, f"HTTP {status}"),
                    url=url,
                    status=status,
                    attempts=attempt,
                    retry_after=retry_after,
                )
            self._sleep(retry_after if retry_after is not None else self._backoff(attempt))

        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _request(
        self, url: str, headers: Mapping[str, str]
    ) -> tuple[int, httpx.Headers, bytes, str]:
        with self._client.stream("GET", url, headers=headers) as response:
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self._max_bytes:
                    raise FetchError(
                        f"GET {url} failed: body larger than {self._max_bytes} bytes",
                        url=url,
                        status=response.status_code,
                    )
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks), str(response.url)

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self._backoff_cap, self._backoff_base * 2 ** (attempt - 1))
        return self._jitter() * ceiling


def _domain(url: str) -> str:
    try:
        parsed = httpx.URL(url)
        host = parsed.host
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}", url=url) from exc
    if parsed.scheme not in ("http", "https") or not host:
        raise FetchError(f"URL {url!r} is not an http(s) URL with a host", url=url)
    return host.lower()


def _gave_up(url: str, attempts: int, reason: str) -> str:
    return f"GET {url} gave up after {attempts} attempts: {reason}"
