"""One crawl of one source: fetch each request, skip unchanged bodies, parse the rest.

This is what a Celery task calls; it keeps the conditional-request validators in a plain
dict the task can store on its CrawlJob between runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from matches.feeds.errors import FetchError, ParseError
from matches.feeds.fetch import Fetcher
from matches.feeds.records import CrawlResult
from matches.feeds.sources.base import FeedRequest, Source


@dataclass(frozen=True, slots=True)
class Validators:
    """A response's ETag / Last-Modified, to send back as If-None-Match / If-Modified-Since."""

    etag: str | None = None
    last_modified: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"etag": self.etag, "last_modified": self.last_modified}

    @classmethod
    def from_dict(cls, data: Mapping[str, str | None]) -> Validators:
        return cls(etag=data.get("etag"), last_modified=data.get("last_modified"))


@dataclass(frozen=True, slots=True)
class CrawlOutcome:
    """`results` holds one CrawlResult per changed response, in request order;
    `unchanged_urls` the requests answered 304; `validators` what to pass next time,
    keyed by request URL."""

    results: tuple[CrawlResult, ...]
    unchanged_urls: tuple[str, ...]
    validators: dict[str, Validators] = field(default_factory=dict)


def crawl(
    source: Source,
    fetcher: Fetcher,
    *,
    validators: Mapping[str, Validators] | None = None,
) -> CrawlOutcome:
    """Fetch and parse every request of `source`.

    Raises FetchError or ParseError for the first request that fails; nothing from the
    other requests is returned then, so a task can retry the whole crawl.
    """
    previous = dict(validators or {}) if source.uses_conditional_requests else {}
    results = []
    unchanged = []
    next_validators: dict[str, Validators] = {}
    for request in source.build_requests():
        if urlsplit(request.url).scheme == "file":
            results.append(_parse(source, _read_file(request), url=request.url))
            continue
        known = previous.get(request.url, Validators())
        fetched = fetcher.get(
            request.url,
            headers=request.headers,
            etag=known.etag,
            last_modified=known.last_modified,
        )
        next_validators[request.url] = Validators(fetched.etag, fetched.last_modified)
        if fetched.not_modified:
            unchanged.append(request.url)
            continue
        results.append(_parse(source, fetched.body, url=request.url))
    return CrawlOutcome(
        results=tuple(results), unchanged_urls=tuple(unchanged), validators=next_validators
    )


def _parse(source: Source, body: bytes, *, url: str) -> CrawlResult:
    try:
        return source.parse(body, url=url)
    except ParseError as error:
        # Kept for debugging: the job stores the body that could not be parsed.
        error.raw = body
        error.url = url
        raise


def _read_file(request: FeedRequest) -> bytes:
    # Only sources build file:// URLs (from a CrawlJob's "path" config), for replays.
    path = Path(unquote(urlsplit(request.url).path))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror}", url=request.url) from exc
