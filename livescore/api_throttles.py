"""Rate limits per anonymous IP, per user and on the token endpoint, counted in Redis.

A fixed window with one atomic counter per caller: O(1) per request whatever the rate
(DRF's SimpleRateThrottle pickles a list of every request time in the window). Rates come
from settings.API_THROTTLE_RATES at request time; a refused request is a 429 with
Retry-After, the seconds until the window ends."""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    if not rate:
        return None
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


def client_ident(*, forwarded_for: str | None, remote_addr: str | None) -> str | None:
    """The caller's address as DRF names it (BaseThrottle.get_ident); the read edge
    (livescore.api_edge) counts the same caller under the same key."""
    num_proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES")
    if num_proxies is not None:
        if num_proxies == 0 or forwarded_for is None:
            return remote_addr
        addresses = forwarded_for.split(",")
        return addresses[-min(num_proxies, len(addresses))].strip()
    return "".join(forwarded_for.split()) if forwarded_for else remote_addr


def window_key(*, scope: str, ident: str, now: float, period: int) -> str:
    return f"throttle:{scope}:{ident}:{int(now // period)}"


def anonymous_window(*, ident: str, now: float) -> tuple[str, int, int] | None:
    """The anonymous caller's counter key, limit and period now (None: no limit)."""
    rate = parse_rate(settings.API_THROTTLE_RATES.get(AnonymousRateThrottle.scope))
    if rate is None:
        return None
    limit, period = rate
    return (
        window_key(scope=AnonymousRateThrottle.scope, ident=ident, now=now, period=period),
        limit,
        period,
    )


def _count(key: str, *, expires_in: int) -> int:
    """Add one to the window's counter and return it."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip: Django's incr() asks EXISTS first, and add() + incr() is two more.
        full_key = backend.make_and_validate_key(key)
        pipe = backend._cache.get_client(full_key, write=True).pipeline()
        pipe.incr(full_key)
        pipe.expire(full_key, expires_in, nx=True)
        count, _ = pipe.execute()
        return int(count)
    cache.add(key, 0, timeout=expires_in)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens a new window
        cache.add(key, 1, timeout=expires_in)
        return 1


class _WindowThrottle(BaseThrottle):
    scope = ""

    def ident_for(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        self.wait_seconds = None
        rate = parse_rate(settings.API_THROTTLE_RATES.get(self.scope))
        ident = self.ident_for(request) if rate else None
        if ident is None:
            return True
        limit, period = rate
        now = time.time()
        window = int(now // period)
        key = window_key(scope=self.scope, ident=ident, now=now, period=period)
        try:
            count = _count(key, expires_in=period + 1)
        except RedisError:
            # Fail open: during a Redis outage scorers must keep scoring and fans reading
            # (docs/benchmarks.md, fault drills); limits resume when Redis is back.
            logger.warning("%s rate limit not applied: Redis unavailable", self.scope)
            return True
        if count <= limit:
            return True
        self.wait_seconds = max(1, math.ceil((window + 1) * period - now))
        return False

    def wait(self) -> float | None:
        return self.wait_seconds

    def get_ident(self, request) -> str | None:
        return client_ident(
            forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR"),
            remote_addr=request.META.get("REMOTE_ADDR"),
        )


class AnonymousRateThrottle(_WindowThrottle):
    scope = "anonymous"

    def ident_for(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.get_ident(request)


class UserRateThrottle(_WindowThrottle):
    scope = "user"

    def ident_for(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return str(request.user.pk)
        return None


class TokenRateThrottle(_WindowThrottle):
    """Password guessing is counted per client address, signed in or not."""

    scope = "token"

    def ident_for(self, request) -> str | None:
        return self.get_ident(request)
