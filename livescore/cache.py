"""The Redis cache, sharing its Redis database with the channel layer and Celery's broker.

Django's RedisCache.clear() is FLUSHDB: it also wiped every channel-layer group membership
and queued task in that database. Groups are joined once per fan-out hub, so after a flush
events were published to empty groups and silently reached nobody (issue 5: a 5,000-fan
run that delivered 0 frames while a test suite, whose every test clears the cache, ran on
the same database). `clear()` here deletes only this cache's own keys.

Its connections are shared by the whole process. Django keeps one cache object, and so one
connection pool, per thread, and under ASGI every request runs on a new thread: each
request opened a fresh Redis connection (TCP handshake, HELLO, SELECT) and left it behind.

It is also an optimisation only: when Redis is away, reads miss and writes are dropped, so
pages, the API and sign-in keep working from PostgreSQL while the outbox holds broadcasts.
Every cache user gets that here, once, instead of a try/except of its own."""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CLEAR_BATCH = 1000


_pools: dict[tuple[str, str], Any] = {}
_pools_lock = threading.Lock()


class SharedPoolClient(RedisCacheClient):
    """Django's client with its connection pools kept per process instead of per thread."""

    def _get_connection_pool(self, write):
        server = self._servers[self._get_connection_pool_index(write)]
        key = (server, repr(sorted(self._pool_options.items(), key=lambda item: item[0])))
        pool = _pools.get(key)
        if pool is None:
            with _pools_lock:
                pool = _pools.get(key)
                if pool is None:
                    pool = _pools[key] = self._pool_class.from_url(server, **self._pool_options)
        return pool


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedPoolClient

    def _degraded(self, operation: str, fallback: Any, call, *args: Any) -> Any:
        try:
            return call(*args)
        except RedisError as error:
            logger.warning("cache %s skipped, Redis unavailable: %s", operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._degraded("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._degraded("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._degraded("has_key", False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degraded("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degraded("set_many", list(data), super().set_many, data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degraded("add", False, super().add, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degraded("touch", False, super().touch, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._degraded("incr", delta, super().incr, key, delta, version)

    def delete(self, key, version=None):
        return self._degraded("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._degraded("delete_many", None, super().delete_many, keys, version)

    def clear(self) -> bool:
        return self._degraded("clear", False, self._clear_own_keys)

    def _clear_own_keys(self) -> bool:
        client = self._cache.get_client(None, write=True)
        # Keys are "<KEY_PREFIX>:<version>:<key>" (django.core.cache.backends.base).
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*"
        batch: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=CLEAR_BATCH):
            batch.append(key)
            if len(batch) >= CLEAR_BATCH:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
        return True
