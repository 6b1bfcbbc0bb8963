"""Generations that version the API's cached reads, bumped after each committed change.

A cached body is stored under a key that includes the generations it was built from
(`match:<id>`, `competition:<id>`, `live`, `catalogue`). A committed scoring event bumps
its match's, its competition's and the live list's generation, so the next read misses
and rebuilds: nothing is ever deleted or overwritten, and a slow reader that built a body
from an older snapshot files it under the older generation, where nobody looks again.

Readers fetch the generations *before* reading the database, so a body is never filed
under a generation newer than its data. A missing generation (a Redis flush, eviction)
starts again at the current time in nanoseconds: always above any value it had before.
"""

import logging
import time
from collections.abc import Iterable

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LIVE = "live"
CATALOGUE = "catalogue"


def match_scope(match_id: int) -> str:
    return f"match:{match_id}"


def competition_scope(competition_id: int) -> str:
    return f"competition:{competition_id}"


def _key(scope: str) -> str:
    return f"gen:{scope}"


def generations_get(*, scopes: Iterable[str]) -> dict[str, int]:
    scopes = list(scopes)
    found = cache.get_many([_key(scope) for scope in scopes])
    result = {}
    for scope in scopes:
        value = found.get(_key(scope))
        if value is None:
            cache.add(_key(scope), time.time_ns(), timeout=None)
            value = cache.get(_key(scope))
        result[scope] = value
    return result


def generation_keys(generations: dict[str, int]) -> dict[str, str]:
    """The generations as Redis holds them: full key -> value (an integer in text)."""
    return {
        cache.make_and_validate_key(_key(scope)): str(value) for scope, value in generations.items()
    }


def _bump(scopes: Iterable[str]) -> None:
    """Add one to each generation, in one round trip: this runs between a scorer's commit
    and the broadcast fans are waiting for."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):  # the embedded defaults: key by key
        for scope in scopes:
            try:
                cache.incr(_key(scope))
            except ValueError:
                pass  # never read yet: the first reader starts it above every older value
        return
    keys = [backend.make_and_validate_key(_key(scope)) for scope in scopes]
    pipe = backend._cache.get_client(keys[0], write=True).pipeline(transaction=False)
    for key in keys:
        # A generation nobody has read yet (or one lost with Redis) starts above every
        # value it had before, as in generations_get.
        pipe.set(key, time.time_ns(), nx=True)
        pipe.incr(key)
    try:
        pipe.execute()
    except RedisError:
        # The write has committed; the cached bodies expire on their own (see api_cache).
        logger.warning("could not bump read-cache generations %s: Redis unavailable", keys)


def match_changed(*, match_id: int, competition_id: int) -> None:
    """A match's score, status or details changed (call after commit)."""
    _bump([match_scope(match_id), competition_scope(competition_id), LIVE])


def competition_changed(*, competition_id: int) -> None:
    """A competition's own settings or points deductions changed (call after commit)."""
    _bump([competition_scope(competition_id)])


def catalogue_changed() -> None:
    """A competition, team, player or venue changed: every cached body may show it."""
    _bump([CATALOGUE, LIVE])
