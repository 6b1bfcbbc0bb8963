"""One error body for the whole API: {"error": {"code", "message", "fields"}}.

Every refusal — a service's DomainError, a DRF exception, a Django 404/403, a bad token,
a throttle — leaves through `exception_handler` with the same shape; `code` is stable for
clients, `message` is for people, `fields` maps input names to their problems."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from livescore.domain_errors import DomainError, ErrorKind

logger = logging.getLogger(__name__)

# A refusal's kind decides its status; every domain's codes have one.
KIND_STATUS = {
    ErrorKind.INVALID: status.HTTP_400_BAD_REQUEST,
    ErrorKind.FORBIDDEN: status.HTTP_403_FORBIDDEN,
    ErrorKind.NOT_FOUND: status.HTTP_404_NOT_FOUND,
    ErrorKind.CONFLICT: status.HTTP_409_CONFLICT,
    ErrorKind.UNPROCESSABLE: status.HTTP_422_UNPROCESSABLE_ENTITY,
    ErrorKind.UNAVAILABLE: status.HTTP_503_SERVICE_UNAVAILABLE,
}


def error_body(code: str, message: str, fields: dict[str, Any] | None = None, **extra: Any):
    return {"error": {"code": code, "message": message, "fields": fields or {}, **extra}}


def error_response(code: str, message: str, http_status: int) -> JsonResponse:
    """For the paths outside DRF views (unknown URLs under /api/, the 500 page)."""
    return JsonResponse(error_body(code, message), status=http_status)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        http_status = KIND_STATUS[exc.kind]
        body = error_body(str(exc.code), exc.message, exc.fields, **exc.extra)
        return Response(body, status=http_status)
    if isinstance(exc, DataError):
        # Input the database cannot hold (out-of-range number, NUL in text) that slipped
        # past validation: the client's fault, never a 500.
        logger.warning("database refused input: %s", exc)
        return Response(
            error_body("invalid", "A value is out of range or not storable."),
            status.HTTP_400_BAD_REQUEST,
        )
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
        response.data = error_body(*_code_and_message(exc))
    return response


def _code_and_message(exc: Exception) -> tuple[str, str]:
    if not isinstance(exc, exceptions.APIException):
        return "error", str(exc)
    detail = exc.detail
    if isinstance(detail, dict):  # SimpleJWT: {"detail": …, "code": …, "messages": […]}
        code = detail.get("code") or exc.default_code
        message = detail.get("detail", exc.default_detail)
        return str(code), str(message)
    code = exc.get_codes()
    return (code if isinstance(code, str) else exc.default_code), str(detail)
