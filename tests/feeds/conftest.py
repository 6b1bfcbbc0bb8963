"""Fixtures for the feed tests: a local HTTP server, Redis DB 9 with per-test keys."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from tests.feeds.feed_server import REDIS_URL, FakeSleep, FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    client.close()


@pytest.fixture
def redis_prefix(redis_client: redis.Redis) -> Iterator[str]:
    """A key prefix no other test uses; every key under it is deleted afterwards."""
    prefix = f"test:feeds:{uuid.uuid4().hex}:"
    yield prefix
    keys = list(redis_client.scan_iter(match=f"{prefix}*"))
    if keys:
        redis_client.delete(*keys)


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()
