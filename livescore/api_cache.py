"""Hot reads served from Redis, with ETag / Last-Modified and Cache-Control.

`conditional_json` is the one way a hot read answers: it builds the body (or takes it from
the cache, keyed by the generations in matches.read_cache), then answers 304 when the
client's validators match. The ETag carries the match's seq and a digest of the body, so a
304 is only ever given for exactly the bytes the client holds."""

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from matches import read_cache
from matches.lifecycle import LIVE_STATUSES, Status

logger = logging.getLogger(__name__)

# A backstop only: generations make entries unreachable the moment their data changes.
ENTRY_SECONDS = 600

# The schema of every read answered by conditional_json.
CONDITIONAL = [
    OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, required=False),
    OpenApiParameter("If-Modified-Since", str, OpenApiParameter.HEADER, required=False),
]
NOT_MODIFIED = OpenApiResponse(description="Not modified: the ETag still matches.")


@dataclass(frozen=True)
class Built:
    """What a hot read's builder returns: the JSON data and how fresh it is."""

    data: object
    seq: int | None = None
    last_modified: datetime | None = None
    is_live: bool = True
    cache_seconds: int = 0


@dataclass(frozen=True)
class Entry:
    body: bytes
    etag: str
    last_modified: float | None
    cache_control: str


def cache_control_for(*, is_live: bool, cache_seconds: int) -> str:
    """Live data is revalidated on every use (cheap: a 304); settled data may be reused."""
    if is_live or cache_seconds <= 0:
        return "public, no-cache"
    return f"public, max-age={cache_seconds}"


def cache_seconds_for_status(match_status: str) -> int:
    if match_status in LIVE_STATUSES:
        return 0
    if match_status == Status.SCHEDULED:
        return 10
    if match_status == Status.POSTPONED:
        return 60
    return 300  # finished, cancelled, abandoned: only a correction changes them


def _entry(built: Built) -> Entry:
    body = json.dumps(built.data, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    digest = hashlib.blake2b(body, digest_size=8).hexdigest()
    etag = f'"{built.seq}-{digest}"' if built.seq is not None else f'"{digest}"'
    return Entry(
        body=body,
        etag=etag,
        last_modified=built.last_modified.timestamp() if built.last_modified else None,
        cache_control=cache_control_for(is_live=built.is_live, cache_seconds=built.cache_seconds),
    )


def _cached_entry(
    *, key: str, scopes: Iterable[str], build: Callable[[], Built]
) -> tuple[Entry, dict[str, str]]:
    """The entry, and the generations (Redis key: value) it was filed under."""
    try:
        generations = read_cache.generations_get(scopes=[*scopes, read_cache.CATALOGUE])
        full_key = "api:" + key + ":" + ".".join(str(generations[s]) for s in sorted(generations))
        entry = cache.get(full_key)
    except Exception:
        logger.exception("read cache unavailable; serving %s uncached", key)
        return _entry(build()), {}
    if entry is None:
        entry = _entry(build())
        try:
            cache.set(full_key, entry, timeout=ENTRY_SECONDS)
        except Exception:
            logger.exception("could not store %s in the read cache", key)
    return entry, read_cache.generation_keys(generations)


def conditional_json(
    request, *, key: str, scopes: Iterable[str], build: Callable[[], Built]
) -> HttpResponse:
    """Answer a hot read: from the cache when API_READ_CACHE is on, else built now."""
    generations: dict[str, str] = {}
    if settings.API_READ_CACHE:
        entry, generations = _cached_entry(key=key, scopes=scopes, build=build)
    else:
        entry = _entry(build())
    # Last-Modified has one-second resolution and a live match can change twice in a
    # second, so only settled data may be answered 304 on If-Modified-Since alone.
    settled = entry.last_modified and not entry.cache_control.endswith("no-cache")
    not_modified = get_conditional_response(
        request,
        etag=entry.etag,
        last_modified=int(entry.last_modified) if settled else None,
    )
    response = not_modified or HttpResponse(entry.body, content_type="application/json")
    response["ETag"] = entry.etag
    if entry.last_modified:
        response["Last-Modified"] = http_date(entry.last_modified)
    response["Cache-Control"] = entry.cache_control
    # The read edge (livescore.api_edge) may answer this URL from Redis while these hold.
    response.edge_generations = generations
    return response
