"""Scorers write through these; each parses, calls one service, presents the result."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from livescore.api_inputs import valid_body
from livescore.api_schema import error_response
from matches.lifecycle import Status
from scoring import services
from scoring.models import EventSource

MAX_KEY_LENGTH = 200
MAX_SEQ = 2**31 - 1
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Retrying a post with the same key and the same body returns the first answer "
        "(200, is_replay) and writes nothing. Keys are each user's own. The same key with a "
        "different body (or on another scoring endpoint) is refused with 422 "
        "idempotency_key_reused, and nothing is written."
    ),
)
KEY_REUSED = error_response(
    "idempotency_key_reused: this Idempotency-Key was already used for a different request."
)


class RecordedOutputSerializer(serializers.Serializer):
    seq = serializers.IntegerField(source="event.seq")
    kind = serializers.CharField(source="event.kind")
    payload = serializers.JSONField(source="event.payload")
    target_seq = serializers.IntegerField(source="event.target_seq", allow_null=True)
    created_at = serializers.DateTimeField(source="event.created_at")
    status = serializers.CharField()
    summary = serializers.JSONField()
    warnings = serializers.ListField(child=serializers.CharField())
    is_replay = serializers.BooleanField()


class _ScoringApi(APIView):
    permission_classes = [IsAuthenticated]

    def _answer(self, recorded: services.Recorded) -> Response:
        code = status.HTTP_200_OK if recorded.is_replay else status.HTTP_201_CREATED
        return Response(RecordedOutputSerializer(recorded).data, status=code)

    def _key(self, request) -> str | None:
        key = request.headers.get("Idempotency-Key")
        if key is not None and not 1 <= len(key) <= MAX_KEY_LENGTH:
            raise serializers.ValidationError(
                {"Idempotency-Key": [f"Use 1 to {MAX_KEY_LENGTH} characters."]}
            )
        return key or None


class MatchEventCreateApi(_ScoringApi):
    """Record one event of the match (a delivery, a goal, a card …) as its scorer.

    Send `expected_seq` (the seq you last saw) and an `Idempotency-Key` header: a retry
    answers the first result and writes nothing; a stale seq is 409 with the seq now."""

    class InputSerializer(serializers.Serializer):
        kind = serializers.CharField(max_length=32)
        payload = serializers.DictField(default=dict)
        expected_seq = serializers.IntegerField(required=False, min_value=0, max_value=MAX_SEQ)

    @extend_schema(
        tags=["scoring"],
        request=InputSerializer,
        responses={
            201: RecordedOutputSerializer,
            200: RecordedOutputSerializer,
            422: KEY_REUSED,
        },
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request, match_id: int):
        data = _valid(self.InputSerializer, request)
        return self._answer(
            services.event_record(
                match_id=match_id,
                kind=data["kind"],
                payload=data["payload"],
                author=request.user,
                source=EventSource.API,
                idempotency_key=self._key(request),
                expected_seq=data.get("expected_seq"),
            )
        )


class MatchEventUndoApi(_ScoringApi):
    """Undo the latest entry in force: a new log entry that strikes it out."""

    class InputSerializer(serializers.Serializer):
        target_seq = serializers.IntegerField(required=False, min_value=1, max_value=MAX_SEQ)
        expected_seq = serializers.IntegerField(required=False, min_value=0, max_value=MAX_SEQ)

    @extend_schema(
        tags=["scoring"],
        request=InputSerializer,
        responses={
            201: RecordedOutputSerializer,
            200: RecordedOutputSerializer,
            422: KEY_REUSED,
        },
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request, match_id: int):
        data = _valid(self.InputSerializer, request)
        return self._answer(
            services.event_undo(
                match_id=match_id,
                target_seq=data.get("target_seq"),
                author=request.user,
                source=EventSource.API,
                idempotency_key=self._key(request),
                expected_seq=data.get("expected_seq"),
            )
        )


class MatchEventCorrectApi(_ScoringApi):
    """Replace an earlier entry (`target_seq`) with a corrected event; the scoreboard is
    recomputed from the log and the correction is listed in the public correction log."""

    class InputSerializer(serializers.Serializer):
        target_seq = serializers.IntegerField(min_value=1, max_value=MAX_SEQ)
        kind = serializers.CharField(max_length=32)
        payload = serializers.DictField(default=dict)
        expected_seq = serializers.IntegerField(required=False, min_value=0, max_value=MAX_SEQ)

    @extend_schema(
        tags=["scoring"],
        request=InputSerializer,
        responses={
            201: RecordedOutputSerializer,
            200: RecordedOutputSerializer,
            422: KEY_REUSED,
        },
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request, match_id: int):
        data = _valid(self.InputSerializer, request)
        return self._answer(
            services.event_correct(
                match_id=match_id,
                target_seq=data["target_seq"],
                kind=data["kind"],
                payload=data["payload"],
                author=request.user,
                source=EventSource.API,
                idempotency_key=self._key(request),
                expected_seq=data.get("expected_seq"),
            )
        )


class MatchStatusApi(_ScoringApi):
    """Move the match through its lifecycle (live, break, finished …), logged like an event."""

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=[s.value for s in Status])
        expected_seq = serializers.IntegerField(required=False, min_value=0, max_value=MAX_SEQ)

    @extend_schema(
        tags=["scoring"],
        request=InputSerializer,
        responses={
            201: RecordedOutputSerializer,
            200: RecordedOutputSerializer,
            422: KEY_REUSED,
        },
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request, match_id: int):
        data = _valid(self.InputSerializer, request)
        return self._answer(
            services.match_transition(
                match_id=match_id,
                to_status=data["status"],
                author=request.user,
                source=EventSource.API,
                idempotency_key=self._key(request),
                expected_seq=data.get("expected_seq"),
            )
        )


def _valid(serializer_class, request) -> dict:
    return valid_body(serializer_class, request)
