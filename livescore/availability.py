"""When PostgreSQL is unreachable, answer 503 with the API's error body instead of a 500.

Nothing is half-written: every write is one transaction, which PostgreSQL rolls back when
the connection breaks. Django drops a connection that raised (close_if_unusable_or_obsolete
at the end of the request) and opens a new one for the next request, so service resumes by
itself when the database returns."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

from livescore.api_errors import error_body
from livescore.domain_errors import ErrorKind

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "5"
UNAVAILABLE_MESSAGE = "The score store is unavailable; nothing was written. Retry shortly."
DATABASE_DOWN = (OperationalError, InterfaceError)


def unavailable_response(request) -> HttpResponse:
    if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse(
            error_body(ErrorKind.UNAVAILABLE, UNAVAILABLE_MESSAGE), status=503
        )
    else:
        response = HttpResponse(
            "<h1>Temporarily unavailable</h1><p>Please retry in a few seconds.</p>",
            status=503,
        )
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


class DatabaseUnavailableMiddleware:
    """Innermost middleware: its process_exception sees a view's database errors first."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            logger.error("database unavailable: %s", str(exception).strip()[:300])
            return unavailable_response(request)
        return None
