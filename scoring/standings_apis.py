"""GET /api/v1/competitions/<id>/table/: the computed table, final or "as it stands"."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from matches.models import Competition
from scoring.selectors import standings_table_get


class CompetitionTableApi(APIView):
    permission_classes = [AllowAny]

    class FilterSerializer(serializers.Serializer):
        live = serializers.BooleanField(required=False, default=False)

    class RowSerializer(serializers.Serializer):
        position = serializers.IntegerField()
        team = serializers.SerializerMethodField()
        played = serializers.IntegerField()
        won = serializers.IntegerField()
        drawn = serializers.IntegerField(default=0)
        lost = serializers.IntegerField()
        goals_for = serializers.IntegerField(default=0)
        goals_against = serializers.IntegerField(default=0)
        goal_difference = serializers.IntegerField(default=0)
        points = serializers.IntegerField()
        form = serializers.ListField(child=serializers.CharField(), default=list)
        zone = serializers.CharField(allow_null=True)
        deductions = serializers.ListField(child=serializers.DictField())
        awarded = serializers.ListField(child=serializers.DictField(), default=list)
        is_live = serializers.BooleanField(default=False)
        # Cricket tables: ties, no results and net run rate instead of goals.
        tied = serializers.IntegerField(required=False)
        no_result = serializers.IntegerField(required=False)
        net_run_rate = serializers.FloatField(required=False)

        def get_team(self, row) -> dict:
            return row["team"]

    class OutputSerializer(serializers.Serializer):
        competition = serializers.DictField()
        sport = serializers.CharField()
        live = serializers.BooleanField(source="is_live")
        rows = serializers.SerializerMethodField()

        @extend_schema_field(serializers.ListField(child=serializers.DictField()))
        def get_rows(self, table) -> list:
            return [CompetitionTableApi.RowSerializer(row).data for row in table["rows"]]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "live",
                bool,
                description="1: count live matches' current scores as provisional (as it stands)",
            )
        ],
        responses={200: OutputSerializer},
    )
    def get(self, request, competition_id: int):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        competition = Competition.objects.filter(pk=competition_id).first()
        if competition is None:
            raise NotFound(f"There is no competition {competition_id}.")
        table = standings_table_get(competition=competition, live=filters.validated_data["live"])
        return Response(
            self.OutputSerializer(
                {
                    "competition": {
                        "id": competition.pk,
                        "name": competition.name,
                        "season": competition.season,
                    },
                    "sport": table.sport,
                    "is_live": table.is_live,
                    "rows": table.rows,
                }
            ).data
        )
