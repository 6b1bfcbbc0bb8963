from __future__ import annotations

import re
import threading
import time

import pytest
import redis

from matches.feeds.errors import RateLimitTimeout
from matches.feeds.ratelimit import RateLimiter
from tests.feeds.feed_server import REDIS_URL, FakeSleep


def test_two_clients_sharing_redis_respect_the_combined_rate(redis_prefix: str) -> None:
    # Two separate connections stand in for two Celery workers.
    rate, per_worker = 20.0, 10
    clients = [redis.Redis.from_url(REDIS_URL) for _ in range(2)]
    limiters = [
        RateLimiter(client, rate=rate, burst=1, key_prefix=redis_prefix) for client in clients
    ]
    granted: list[float] = []
    lock = threading.Lock()

    def worker(limiter: RateLimiter) -> None:
        for _ in range(per_worker):
            limiter.acquire("api.example.org")
            with lock:
                granted.append(time.monotonic())

    threads = [threading.Thread(target=worker, args=(limiter,)) for limiter in limiters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    for client in clients:
        client.close()

    granted.sort()
    assert len(granted) == 2 * per_worker
    # 20 grants at 20/s with no burst need 19 intervals of 50 ms (slack for thread wake-up).
    assert granted[-1] - granted[0] >= (2 * per_worker - 1) / rate - 0.05
    # No half-second window holds more than its share (10) plus one for the window's edge
    # and one for a grant recorded late by a slow thread.
    busiest = max(sum(1 for later in granted if start <= later < start + 0.5) for start in granted)
    assert busiest <= 12


def test_domains_have_separate_budgets(redis_client: redis.Redis, redis_prefix: str) -> None:
    limiter = RateLimiter(redis_client, rate=1, burst=1, key_prefix=redis_prefix)

    assert limiter.try_acquire("a.example.org") == 0.0
    assert limiter.try_acquire("b.example.org") == 0.0
    assert 0.9 < limiter.try_acquire("a.example.org") <= 1.0


def test_burst_allows_that_many_at_once(redis_client: redis.Redis, redis_prefix: str) -> None:
    limiter = RateLimiter(redis_client, rate=1, burst=3, key_prefix=redis_prefix)

    assert [limiter.try_acquire("api.example.org") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.try_acquire("api.example.org") > 0.9


def test_per_domain_rate_overrides_the_default(
    redis_client: redis.Redis, redis_prefix: str
) -> None:
    limiter = RateLimiter(
        redis_client, rate=100, key_prefix=redis_prefix, rates={"API.football-data.org": 0.1}
    )

    assert limiter.rate_for("api.football-data.org") == 0.1
    assert limiter.try_acquire("api.football-data.org") == 0.0
    assert 9.9 < limiter.try_acquire("api.football-data.org") <= 10.0


def test_acquire_sleeps_for_the_wait_it_is_told(
    redis_client: redis.Redis, redis_prefix: str
) -> None:
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        time.sleep(seconds)

    limiter = RateLimiter(redis_client, rate=10, key_prefix=redis_prefix, sleep=sleep)

    assert limiter.acquire("api.example.org") == 0.0
    waited = limiter.acquire("api.example.org")

    assert len(sleeps) == 1
    assert 0.09 < sleeps[0] <= 0.1
    assert waited == sleeps[0]


def test_acquire_times_out_without_booking(
    redis_client: redis.Redis, redis_prefix: str, fake_sleep: FakeSleep
) -> None:
    limiter = RateLimiter(redis_client, rate=0.5, key_prefix=redis_prefix, sleep=fake_sleep)
    limiter.acquire("api.example.org")
    booked = redis_client.get(limiter.key("api.example.org"))

    with pytest.raises(RateLimitTimeout) as caught:
        limiter.acquire("api.example.org", timeout=1.0)

    # Two seconds of debt, less the few milliseconds since it was booked.
    assert re.fullmatch(
        r"rate limit for api\.example\.org needs (1\.9\d|2\.00)s, timeout 1\.00s",
        str(caught.value),
    )
    assert fake_sleep.calls == []
    assert redis_client.get(limiter.key("api.example.org")) == booked


def test_keys_expire_once_idle(redis_client: redis.Redis, redis_prefix: str) -> None:
    limiter = RateLimiter(redis_client, rate=2, key_prefix=redis_prefix)

    limiter.acquire("api.example.org")

    # Half a second of debt plus a one-second margin; idle domains leave nothing behind.
    assert 1000 < redis_client.pttl(limiter.key("api.example.org")) <= 1500
