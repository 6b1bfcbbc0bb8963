"""Django's ASGI handler, without the reference cycle it leaves behind every request.

daphne ends every HTTP request with an `http.disconnect` message, once the answer is sent.
Django 5.2's `ASGIHandler.listen_for_disconnect` turns that message into `RequestAborted`,
which `handle()` fetches with `task.result()` and ignores. The exception's traceback then
holds `handle()`'s frame, whose `tasks` list holds the task that holds the exception: a
cycle through the request, the response and everything the view loaded, which only a full
collection frees. A soak (bench/reliability) found 100,000-140,000 such objects a minute
in each daphne, and the process grew by what piled up between full collections.

`handle()` cancels the view because the listener finished first (`asyncio.wait` with
FIRST_COMPLETED), not because it raised, so returning is the same to it and creates no
exception. Django 6.1 rewrites `handle()` around a TaskGroup, where only a raising
listener cancels the view: tests/foundation/test_django_asgi.py fails on that change."""

import django
from django.core.handlers.asgi import ASGIHandler


class LivescoreASGIHandler(ASGIHandler):
    async def listen_for_disconnect(self, receive) -> None:
        message = await receive()
        if message["type"] != "http.disconnect":
            raise AssertionError(f"Invalid ASGI message after request body: {message['type']}")


def get_asgi_application() -> LivescoreASGIHandler:
    """django.core.asgi.get_asgi_application, with the handler above."""
    django.setup(set_prefix=False)
    return LivescoreASGIHandler()
