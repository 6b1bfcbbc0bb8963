"""Hot anonymous API reads answered in front of Django, from Redis, in one round trip.

Under ASGI, Django runs each request's sync middleware and view on a new thread, with
several hops between it and the event loop, before a cached body is even looked up: about
8 ms of a core per request on daphne, so 50 concurrent fans waited half a second for a
live list that was already in Redis (bench/api). Here the whole answer — status, headers
and body — of a hot read (`conditional_json`) is filed in Redis next to the generations it
was built from (matches.read_cache). The next anonymous GET of the same URL is answered
from the event loop by one Lua call that counts the caller's rate limit and returns the
entry only if every generation is still current. A scoring event bumps a generation on
commit, so an answer is never served after its data changed; anything unusual (a signed-in
caller, a miss, a refused rate, If-Modified-Since, Redis unavailable) goes to Django as
before."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http.request import split_domain_port, validate_host
from django.utils.http import parse_etags
from redis.exceptions import RedisError

from livescore.api_cache import ENTRY_SECONDS
from livescore.api_throttles import anonymous_window, client_ident
from livescore.edge_redis import PipelinedRedis
from livescore.metrics import REQUEST_LATENCY
from livescore.observability import REQUEST_ID_HEADER, request_id_from

logger = logging.getLogger(__name__)

PATH_PREFIX = "/api/v1/"
PAUSE_AFTER_ERROR = 5.0
COALESCE_SECONDS = 5.0
# Headers that belong to one request, never to a filed answer.
PER_REQUEST_HEADERS = frozenset({REQUEST_ID_HEADER.lower(), "set-cookie", "x-cache"})

# KEYS[1] the filed answer, KEYS[2] the caller's rate-limit window; ARGV[1] its expiry.
# The answer's hash holds the answer itself ("a") and each generation it was built under
# ("g:<key>" -> value). Returns false on a miss (nothing counted: Django will count the
# request), else {count, answer}.
LOOKUP = """
local entry = redis.call('HGETALL', KEYS[1])
if #entry == 0 then return false end
local answer = false
for i = 1, #entry, 2 do
  local field = entry[i]
  if field == 'a' then
    answer = entry[i + 1]
  elseif redis.call('GET', string.sub(field, 3)) ~= entry[i + 1] then
    return false
  end
end
if not answer then return false end
local count = redis.call('INCR', KEYS[2])
if count == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
return {count, answer}
"""


def _url(scope: dict) -> str:
    return f"{scope['path']}?{scope['query_string'].decode('latin-1')}"


def entry_key(url: str) -> str:
    """`url`: path and query string, as Django reads them from the ASGI scope."""
    return "edge:" + hashlib.blake2b(url.encode(), digest_size=16).hexdigest()


def _is_anonymous(headers: dict[bytes, bytes]) -> bool:
    if b"authorization" in headers:
        return False
    cookie = headers.get(b"cookie", b"").decode("latin-1")
    return f"{settings.SESSION_COOKIE_NAME}=" not in cookie


def _host_allowed(headers: dict[bytes, bytes]) -> bool:
    """Django answers a Host outside ALLOWED_HOSTS with a 400; so must this."""
    return _host_in(headers.get(b"host", b""), tuple(settings.ALLOWED_HOSTS))


@functools.lru_cache(maxsize=256)
def _host_in(host: bytes, allowed_hosts: tuple[str, ...]) -> bool:
    # Callers send a handful of Host values; the patterns are matched once for each.
    domain, _ = split_domain_port(host.decode("latin-1"))
    return bool(domain) and validate_host(domain, allowed_hosts)


def _scheme_allowed(scope: dict, headers: dict[bytes, bytes]) -> bool:
    """Django redirects plain HTTP to HTTPS when SECURE_SSL_REDIRECT is on; so must this."""
    if not settings.SECURE_SSL_REDIRECT or scope.get("scheme") == "https":
        return True
    if not settings.SECURE_PROXY_SSL_HEADER:
        return False
    name, secure_value = settings.SECURE_PROXY_SSL_HEADER
    header = name.removeprefix("HTTP_").replace("_", "-").lower().encode()
    value = headers.get(header, b"").decode("latin-1").split(",")[0].strip()
    return value == secure_value


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """The weak comparison Django's get_conditional_response makes for If-None-Match."""
    tags = parse_etags(if_none_match)
    bare = etag.removeprefix("W/")
    return "*" in tags or any(tag.removeprefix("W/") == bare for tag in tags)


class ReadEdge:
    """ASGI middleware in front of Django's HTTP application (livescore.asgi)."""

    def __init__(self, app: Any, *, redis_url: str) -> None:
        self.app = app
        self.redis_url = redis_url
        self.clients: dict[asyncio.AbstractEventLoop, PipelinedRedis] = {}
        self.paused_until = 0.0
        self.in_flight: dict[str, asyncio.Future] = {}
        # Django's cache key for a name, as every process forms it. caches["default"] would
        # build a new backend object for each request: each runs in a context of its own.
        self.make_key = caches.create_connection("default").make_key
        self.latency = {
            (method, status): REQUEST_LATENCY.labels(
                method=method, route="api-edge", status=f"{status // 100}xx"
            )
            for method in ("GET", "HEAD")
            for status in (200, 304)
        }

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not scope["path"].startswith(PATH_PREFIX)
            or not settings.API_READ_CACHE
            or time.monotonic() < self.paused_until
        ):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        if (
            not _is_anonymous(headers)
            or not _host_allowed(headers)
            or not _scheme_allowed(scope, headers)
            or (b"if-modified-since" in headers and b"if-none-match" not in headers)
        ):
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        found = await self._lookup(scope, headers)
        if found is None:
            found = await self._after_the_request_in_flight(scope, headers)
        if found is None:
            return await self._through_django(scope, receive, send)
        status, answer_headers, body = found
        await send({"type": "http.response.start", "status": status, "headers": answer_headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
        self.latency[scope["method"], status].observe(time.perf_counter() - started)

    async def _after_the_request_in_flight(self, scope: dict, headers: dict) -> tuple | None:
        """A miss while this process already has Django building the same URL: wait for it,
        then look again. A goal makes every reader of the live list miss at once; without
        this each of them would rebuild the same answer in Django (a stampede)."""
        in_flight = self.in_flight.get(_url(scope))
        if in_flight is None:
            return None
        try:
            await asyncio.wait_for(asyncio.shield(in_flight), timeout=COALESCE_SECONDS)
        except TimeoutError:
            return None
        return await self._lookup(scope, headers)

    async def _through_django(self, scope: dict, receive: Any, send: Any) -> None:
        url = _url(scope)
        if url in self.in_flight:
            return await self.app(scope, receive, send)
        done = self.in_flight[url] = asyncio.get_running_loop().create_future()
        try:
            await self.app(scope, receive, send)
        finally:
            del self.in_flight[url]
            done.set_result(None)

    def _redis(self) -> PipelinedRedis:
        """This loop's Redis connection (daphne runs one loop; a test suite runs many, and a
        connection belongs to the loop that opened it)."""
        loop = asyncio.get_running_loop()
        client = self.clients.get(loop)
        if client is None:
            for old_loop in [known for known in self.clients if known.is_closed()]:
                del self.clients[old_loop]
            client = self.clients[loop] = PipelinedRedis(self.redis_url, timeout=1.0)
        return client

    async def _lookup(self, scope: dict, headers: dict[bytes, bytes]) -> tuple | None:
        now = time.time()
        ident = client_ident(
            forwarded_for=headers[b"x-forwarded-for"].decode("latin-1")
            if b"x-forwarded-for" in headers
            else None,
            remote_addr=scope["client"][0] if scope.get("client") else None,
        )
        window = anonymous_window(ident=ident, now=now) if ident else None
        if window is None:
            return None  # Django decides: nothing the edge could count the request against
        counter, limit, period = window
        key = entry_key(_url(scope))
        try:
            result = await self._redis().run_script(
                LOOKUP, keys=[self.make_key(key), self.make_key(counter)], args=[period + 1]
            )
        except (RedisError, OSError) as error:
            self.paused_until = time.monotonic() + PAUSE_AFTER_ERROR
            logger.warning("read edge paused, Redis unavailable: %s", error)
            return None
        if not result or int(result[0]) > limit:
            return None  # a miss, or a refusal that Django words (429, Retry-After)
        head, _, body = result[1].partition(b"\n")
        status, etag, pairs = json.loads(head)
        answer_headers = [(name.encode(), value.encode()) for name, value in pairs]
        sent_id = headers.get(REQUEST_ID_HEADER.lower().encode(), b"").decode("latin-1")
        request_id = request_id_from(sent_id)
        extra = [(REQUEST_ID_HEADER.encode(), request_id.encode()), (b"X-Cache", b"edge")]
        if_none_match = headers.get(b"if-none-match")
        if if_none_match and _etag_matches(if_none_match.decode("latin-1"), etag):
            kept = [
                pair
                for pair in answer_headers
                if pair[0].lower() not in (b"content-type", b"content-length")
            ]
            return 304, kept + extra, b""
        return status, answer_headers + extra, body


def entry_file(*, request, response) -> None:
    """File a hot read's whole answer for the edge (called after Django answered it)."""
    generations = getattr(response, "edge_generations", None)
    backend = caches["default"]
    if (
        not generations
        or not isinstance(backend, RedisCache)  # the embedded defaults: no edge to file for
        or request.method != "GET"
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    ):
        return
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in PER_REQUEST_HEADERS
    ]
    key = entry_key(f"{request.path}?{request.META.get('QUERY_STRING', '')}")
    head = json.dumps([response.status_code, response["ETag"], headers]).encode()
    fields = {
        "a": head + b"\n" + response.content,
        **{f"g:{name}": value for name, value in generations.items()},
    }
    full_key = backend.make_and_validate_key(key)
    try:
        pipe = backend._cache.get_client(full_key, write=True).pipeline()
        pipe.delete(full_key)
        pipe.hset(full_key, mapping=fields)
        pipe.expire(full_key, ENTRY_SECONDS)
        pipe.execute()
    except RedisError as error:
        logger.warning("could not file %s for the read edge: %s", request.path, error)


class EdgeFileMiddleware:
    """Files hot reads' answers for ReadEdge; placed outside every middleware that adds
    headers, so the filed answer is the one Django gave."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        entry_file(request=request, response=response)
        return response
