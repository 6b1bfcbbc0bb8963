"""The read edge's pipelined Redis connection (livescore.edge_redis), on the real Redis."""

import asyncio
import uuid

import pytest
import redis
from django.conf import settings
from redis import exceptions

from livescore.edge_redis import PipelinedRedis


@pytest.fixture
def plain():
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    client.close()


def _name() -> str:
    return f"edge-redis-test:{uuid.uuid4().hex}"


async def test_concurrent_callers_each_get_their_own_reply(plain):
    names = [_name() for _ in range(200)]
    plain.mset({name: f"value of {name}" for name in names})
    client = PipelinedRedis(settings.REDIS_URL)
    try:
        replies = await asyncio.gather(*(client.call("GET", name) for name in names))
        assert replies == [f"value of {name}".encode() for name in names]
    finally:
        client.close()
        plain.delete(*names)


async def test_it_uses_the_database_the_url_names(plain):
    name = _name()
    client = PipelinedRedis(settings.REDIS_URL)
    try:
        await client.call("SET", name, "here")
        assert plain.get(name) == b"here"  # redis-py, on the same URL's database
    finally:
        client.close()
        plain.delete(name)


async def test_a_script_redis_does_not_know_is_loaded_and_run():
    # A script text no Redis has seen: the first EVALSHA answers NOSCRIPT.
    script = f"-- {uuid.uuid4().hex}\nreturn {{KEYS[1], ARGV[1]}}"
    client = PipelinedRedis(settings.REDIS_URL)
    try:
        assert await client.run_script(script, keys=["a key"], args=[7]) == [b"a key", b"7"]
        assert await client.run_script(script, keys=["b"], args=["c"]) == [b"b", b"c"]
    finally:
        client.close()


async def test_an_error_reply_raises_and_the_connection_stays_usable():
    client = PipelinedRedis(settings.REDIS_URL)
    try:
        with pytest.raises(exceptions.ResponseError):
            await client.call("NO-SUCH-COMMAND")
        assert await client.call("PING") == b"PONG"
    finally:
        client.close()


async def test_a_lost_connection_fails_its_callers_and_the_next_call_reconnects(plain):
    client = PipelinedRedis(settings.REDIS_URL)
    try:
        connection_id = await client.call("CLIENT", "ID")
        waiting = asyncio.ensure_future(client.call("BLPOP", _name(), 5))
        await asyncio.sleep(0.05)
        plain.client_kill_filter(_id=connection_id)
        with pytest.raises(exceptions.ConnectionError):
            await waiting
        assert await client.call("PING") == b"PONG"
        assert await client.call("CLIENT", "ID") != connection_id
    finally:
        client.close()


async def test_a_redis_that_does_not_answer_in_time_raises_a_timeout():
    client = PipelinedRedis(settings.REDIS_URL, timeout=0.2)
    try:
        with pytest.raises(exceptions.TimeoutError):
            await client.call("BLPOP", _name(), 2)  # blocks the connection for 2 s
        assert await client.call("PING") == b"PONG"  # on a new connection
    finally:
        client.close()


async def test_an_unreachable_redis_raises_a_connection_error_at_once():
    client = PipelinedRedis("redis://127.0.0.1:1/0", timeout=0.5)
    started = asyncio.get_running_loop().time()
    with pytest.raises(exceptions.ConnectionError):
        await client.call("PING")
    assert asyncio.get_running_loop().time() - started < 1
