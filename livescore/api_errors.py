"""One error body for the whole API: {"error": {"code", "message", "fields"}}."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from scoring.errors import ErrorCode, ScoringError

SCORING_STATUS = {
    ErrorCode.STALE_SEQ: status.HTTP_409_CONFLICT,
    ErrorCode.ILLEGAL_TRANSITION: status.HTTP_409_CONFLICT,
    ErrorCode.MATCH_NOT_LIVE: status.HTTP_409_CONFLICT,
    ErrorCode.NOT_ASSIGNED: status.HTTP_403_FORBIDDEN,
    ErrorCode.UNAVAILABLE: status.HTTP_503_SERVICE_UNAVAILABLE,
}


def error_body(code: str, message: str, fields: dict[str, Any] | None = None, **extra: Any):
    return {"error": {"code": code, "message": message, "fields": fields or {}, **extra}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ScoringError):
        http_status = SCORING_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST)
        return Response(error_body(exc.code, exc.message, **exc.extra), status=http_status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body("invalid", "The request is not valid.", fields)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        response.data = error_body(
            code if isinstance(code, str) else "error",
            str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail),
        )
    return response
