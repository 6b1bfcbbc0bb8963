"""The OpenAPI schema: every operation documents the one error body for each refusal."""

import inspect

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, for programs: not_found, invalid, …")
    message = serializers.CharField(help_text="For people.")
    fields = serializers.DictField(
        child=serializers.JSONField(), help_text="Input name → its problems (on 400)."
    )
    current_seq = serializers.IntegerField(
        required=False, help_text="On stale_seq (409): the match's seq now."
    )
    status = serializers.CharField(required=False, help_text="On illegal_transition (409).")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERRORS = {
    "400": "The request is not valid (bad JSON, bad query parameter, bad field).",
    "401": "Missing, expired or invalid credentials.",
    "403": "Signed in, but not allowed (not staff, not assigned to this match …).",
    "404": "No such object.",
    "405": "Method not allowed here.",
    "406": "Only application/json is served.",
    "409": "Conflict: stale expected_seq, illegal status change, match not live.",
    "415": "Send application/json.",
    "429": "Too many requests; retry after the Retry-After header's seconds.",
}
READ_ERRORS = ("400", "401", "404", "405", "406", "429")
WRITE_ERRORS = tuple(ERRORS)


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


class ApiAutoSchema(AutoSchema):
    def get_description(self):
        # A path that joins operations (livescore.api_views.operations) describes each
        # method by its own operation's docstring, not the first operation's for all.
        operation = getattr(self.view, "operations", {}).get(self.method.lower())
        if operation is not None and operation.__doc__:
            return inspect.cleandoc(operation.__doc__)
        return super().get_description()

    def get_serializer_name(self, serializer, direction):
        # Nested InputSerializer/OutputSerializer classes share names across views; the
        # component takes its view's name too: UserRegisterApi.InputSerializer →
        # UserRegisterInput.
        qualname = type(serializer).__qualname__
        if "." in qualname and "<locals>" not in qualname:
            outer, inner = qualname.split(".")[-2:]
            return outer.removesuffix("Api") + inner
        return super().get_serializer_name(serializer, direction)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = READ_ERRORS if self.method in ("GET", "HEAD") else WRITE_ERRORS
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    error_response(ERRORS[code]), code, direction=direction
                )
        return responses
