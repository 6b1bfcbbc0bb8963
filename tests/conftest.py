"""The suite runs on the real PostgreSQL and Redis; it fails, never skips, without them."""

import os

import psycopg
import pytest
import redis
from django.conf import settings


def pytest_configure(config):
    missing = []
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        try:
            psycopg.connect(
                host=database.get("HOST") or "127.0.0.1",
                port=database.get("PORT") or 5432,
                user=database.get("USER") or "postgres",
                dbname="postgres",
                connect_timeout=3,
            ).close()
        except psycopg.Error as error:
            missing.append(f"PostgreSQL ({error})")
    else:
        missing.append("PostgreSQL (DATABASE_URL does not point at PostgreSQL)")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except (redis.RedisError, TypeError, ValueError) as error:
        missing.append(f"Redis ({error})")
    if missing:
        pytest.exit(
            "The test suite needs the real services; unreachable: "
            + "; ".join(missing)
            + (" [CI=true]" if os.environ.get("CI") == "true" else ""),
            returncode=3,
        )


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
