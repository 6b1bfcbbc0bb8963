"""livescore.django_asgi: Django's handler without the per-request reference cycle, and
still cancelling a view whose client has gone."""

import asyncio
import gc
import time

import pytest
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpResponse

from livescore.django_asgi import LivescoreASGIHandler
from tests.foundation import asgi_urls

pytestmark = pytest.mark.urls("tests.foundation.asgi_urls")


def _scope(path: str) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


async def _serve(handler: ASGIHandler, path: str, *, disconnect_after: float = 0) -> list[dict]:
    """One request as daphne makes it: the body, then `http.disconnect` once the answer has
    been sent (or after `disconnect_after` seconds, as when the client goes away)."""
    sent: list[dict] = []
    answered = asyncio.Event()
    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict:
        if messages:
            return messages.pop()
        if disconnect_after:
            await asyncio.sleep(disconnect_after)
        else:
            await answered.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            answered.set()

    await handler(_scope(path), receive, send)
    return sent


def _responses_alive() -> int:
    return sum(1 for o in gc.get_objects() if type(o) is HttpResponse)


async def _garbage_left_behind(handler: ASGIHandler) -> tuple[int, int]:
    """Responses still alive after five answered requests, with only reference counting to
    free them, and the objects the cycle collector then finds."""
    gc.collect()
    before = _responses_alive()
    gc.disable()
    try:
        for _ in range(5):
            sent = await _serve(handler, "/quick/")
            assert sent[0]["status"] == 200
        return _responses_alive() - before, gc.collect()
    finally:
        gc.enable()


async def test_an_answered_response_is_freed_without_the_cycle_collector():
    responses, ours = await _garbage_left_behind(LivescoreASGIHandler())
    assert responses == 0
    # Django's own handler, for comparison: every response stays, in a cycle. When this
    # fails, Django no longer leaves the cycle behind and livescore.django_asgi can go.
    responses, django_own = await _garbage_left_behind(ASGIHandler())
    assert responses == 5
    # The middleware's own cycles remain (request.user's lazy closure, the messages
    # storage): a fraction of what the handler's cycle kept.
    print(f"cyclic garbage after 5 requests: {ours} here, {django_own} with Django's handler")
    assert ours * 2 < django_own


async def test_a_client_that_goes_away_still_cancels_the_view():
    asgi_urls.slow_view_outcome.clear()
    started = time.monotonic()
    sent = await _serve(LivescoreASGIHandler(), "/slow/", disconnect_after=0.2)
    assert time.monotonic() - started < 5
    assert sent == []
    assert asgi_urls.slow_view_outcome == ["cancelled"]
