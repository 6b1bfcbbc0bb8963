from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from matches.lifecycle import Status
from matches.models import Match, Sport
from matches.selectors import match_get, match_list


class MatchOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sport = serializers.CharField(source="competition.sport")
    competition = serializers.SerializerMethodField()
    home_team = serializers.SerializerMethodField()
    away_team = serializers.SerializerMethodField()
    venue = serializers.CharField(allow_null=True, source="venue.name", default=None)
    start_time = serializers.DateTimeField()
    round = serializers.CharField()
    status = serializers.CharField()
    seq = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()

    def get_competition(self, match: Match) -> dict:
        c = match.competition
        return {"id": c.id, "name": c.name, "season": c.season}

    def get_home_team(self, match: Match) -> dict:
        return {"id": match.home_team_id, "name": match.home_team.name}

    def get_away_team(self, match: Match) -> dict:
        return {"id": match.away_team_id, "name": match.away_team.name}

    def get_seq(self, match: Match) -> int:
        board = getattr(match, "scoreboard", None)
        return board.seq if board else 0

    def get_summary(self, match: Match) -> dict:
        board = getattr(match, "scoreboard", None)
        return board.summary if board else {}


class MatchListApi(ListAPIView):
    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=[s.value for s in Status], required=False)
        date = serializers.DateField(required=False)
        sport = serializers.ChoiceField(choices=Sport.values, required=False)
        competition = serializers.IntegerField(required=False, min_value=1)

    serializer_class = MatchOutputSerializer
    filter_backends = []

    def get_queryset(self):
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return match_list(
            status=data.get("status"),
            on_date=data.get("date"),
            sport=data.get("sport"),
            competition_id=data.get("competition"),
        )


class MatchDetailApi(APIView):
    serializer_class = MatchOutputSerializer

    def get(self, request, match_id: int):
        match = match_get(match_id=match_id)
        if match is None:
            raise NotFound(f"There is no match {match_id}.")
        return Response(MatchOutputSerializer(match).data)
