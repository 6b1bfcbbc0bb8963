"""GET /api/v1/competitions/<id>/table/: the computed table, final or "as it stands".

Answered like the other hot reads (livescore/api_cache.py): cached under the competition's
read-cache generation, which every committed scoring event of the competition bumps, with
an ETag, Last-Modified and a 304 for a client that holds the current body."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from livescore.api_cache import CONDITIONAL, NOT_MODIFIED, Built, conditional_json
from matches import read_cache
from matches.models import Competition
from scoring.selectors import standings_table_compute, standings_table_freshness_get

# A settled table changes only by a correction or a deduction; one with fixtures still to
# play changes when one of them is played, which takes a while after it was last read.
COMPLETE_TABLE_SECONDS = 300
OPEN_TABLE_SECONDS = 30


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
        is_live = serializers.BooleanField(
            default=False, help_text="The team is playing now (counted as it stands)."
        )
        # Cricket tables: ties, no results and net run rate instead of goals.
        tied = serializers.IntegerField(required=False)
        no_result = serializers.IntegerField(required=False)
        net_run_rate = serializers.FloatField(required=False)
        runs_for = serializers.IntegerField(required=False)
        overs_for = serializers.CharField(required=False, help_text="Overs faced: 19.4")
        runs_against = serializers.IntegerField(required=False)
        overs_against = serializers.CharField(required=False, help_text="Overs bowled")

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
                description=(
                    "1: count live matches as they stand (football: the current score as a "
                    "provisional result; cricket: the live innings in net run rate)"
                ),
            ),
            *CONDITIONAL,
        ],
        responses={200: OutputSerializer, 304: NOT_MODIFIED},
    )
    def get(self, request, competition_id: int):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        live = filters.validated_data["live"]
        return conditional_json(
            request,
            key=f"competition:{competition_id}:table:{'live' if live else 'final'}",
            scopes=[read_cache.competition_scope(competition_id)],
            build=lambda: self._built(competition_id, live=live),
        )

    def _built(self, competition_id: int, *, live: bool) -> Built:
        competition = Competition.objects.filter(pk=competition_id).first()
        if competition is None:
            raise NotFound(f"There is no competition {competition_id}.")
        # Freshness first: a change committed while the table is computed then shows as
        # newer than this body, never older.
        freshness = standings_table_freshness_get(competition=competition)
        table = standings_table_compute(competition=competition, live=live)
        data = self.OutputSerializer(
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
        return Built(
            data=data,
            last_modified=freshness.last_modified,
            is_live=freshness.is_live,
            cache_seconds=(COMPLETE_TABLE_SECONDS if freshness.is_complete else OPEN_TABLE_SECONDS),
        )
