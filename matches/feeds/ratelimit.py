"""A per-domain rate limit shared through Redis, so every Celery worker sees one budget.

The algorithm is GCRA (the generic cell rate algorithm, a token bucket kept as a single
"theoretical arrival time"): one key per domain, updated atomically in a Lua script that
reads the clock from Redis itself, so workers on hosts with skewed clocks still agree.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import redis

from matches.feeds.errors import RateLimitTimeout

# KEYS[1]: the domain's key. ARGV[1]: emission interval (µs), ARGV[2]: burst tolerance (µs).
# Returns 0 when the request may go now (and books it), else the microseconds to wait.
_GCRA_SCRIPT = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then
  tat = now
end
local allow_at = tat - tolerance
if now < allow_at then
  return allow_at - now
end
local new_tat = tat + interval
redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return 0
"""


class RateLimiter:
    """Allow at most `rate` requests per second per domain, with bursts of up to `burst`.

    `rates` overrides the rate for particular domains (e.g. {"api.football-data.org": 0.16}
    for a 10-per-minute plan). `sleep` is injectable for tests.
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        rate: float = 1.0,
        burst: int = 1,
        rates: Mapping[str, float] | None = None,
        key_prefix: str = "feeds:ratelimit:",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self._client = client
        self._rate = rate
        self._burst = burst
        self._rates = {domain.lower(): r for domain, r in (rates or {}).items()}
        if any(r <= 0 for r in self._rates.values()):
            raise ValueError("every per-domain rate must be positive")
        self._key_prefix = key_prefix
        self._sleep = sleep
        self._script = client.register_script(_GCRA_SCRIPT)

    def key(self, domain: str) -> str:
        return f"{self._key_prefix}{domain.lower()}"

    def rate_for(self, domain: str) -> float:
        return self._rates.get(domain.lower(), self._rate)

    def try_acquire(self, domain: str) -> float:
        """Book a request if allowed now and return 0.0, else return seconds to wait."""
        interval_us = round(1_000_000 / self.rate_for(domain))
        tolerance_us = interval_us * (self._burst - 1)
        wait_us = int(self._script(keys=[self.key(domain)], args=[interval_us, tolerance_us]))
        return wait_us / 1_000_000

    def acquire(self, domain: str, *, timeout: float | None = None) -> float:
        """Wait until a request to `domain` is allowed, book it, and return seconds waited.

        Raises RateLimitTimeout (without booking) if the next wait would take the total
        past `timeout`.
        """
        waited = 0.0
        while True:
            wait = self.try_acquire(domain)
            if wait <= 0:
                return waited
            if timeout is not None and waited + wait > timeout:
                raise RateLimitTimeout(
                    f"rate limit for {domain} needs {waited + wait:.2f}s, timeout {timeout:.2f}s"
                )
            self._sleep(wait)
            waited += wait
