"""A URLconf for tests/foundation/test_django_asgi.py: a quick view and a slow one."""

import asyncio

from django.http import HttpResponse
from django.urls import path

slow_view_outcome: list[str] = []


def quick(request):
    return HttpResponse(b"x" * 1000)


async def slow(request):
    try:
        await asyncio.sleep(30)
    except asyncio.CancelledError:
        slow_view_outcome.append("cancelled")
        raise
    slow_view_outcome.append("finished")
    return HttpResponse(b"late")


urlpatterns = [path("quick/", quick), path("slow/", slow)]
