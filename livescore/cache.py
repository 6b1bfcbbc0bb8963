"""The Redis cache, sharing its Redis database with the channel layer and Celery's broker.

Django's RedisCache.clear() is FLUSHDB: it also wiped every channel-layer group membership
and queued task in that database. Groups are joined once per fan-out hub, so after a flush
events were published to empty groups and silently reached nobody (issue 5: a 5,000-fan
run that delivered 0 frames while a test suite, whose every test clears the cache, ran on
the same database). `clear()` here deletes only this cache's own keys."""

from __future__ import annotations

import re

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

CLEAR_BATCH = 1000


class RedisCache(DjangoRedisCache):
    def clear(self) -> bool:
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
