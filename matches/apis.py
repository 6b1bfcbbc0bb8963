"""Public reads of matches, competitions, teams and players."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import django_filters
from django.conf import settings
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from livescore.api_cache import (
    CONDITIONAL,
    NOT_MODIFIED,
    Built,
    cache_seconds_for_status,
    conditional_json,
)
from livescore.api_inputs import valid_query
from livescore.api_pagination import (
    LatestFirstPagination,
    NameOrderPagination,
    SoonestFirstPagination,
)
from matches import read_cache, selectors
from matches.filters import MatchFilter
from matches.models import Competition, Match, Sport

LIVE_LIST_LIMIT = 500


class CompetitionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    season = serializers.CharField()
    sport = serializers.ChoiceField(choices=Sport.choices)


class TeamRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class VenueRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    city = serializers.CharField()


class MatchOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sport = serializers.ChoiceField(choices=Sport.choices, source="competition.sport")
    competition = CompetitionRefSerializer()
    home_team = TeamRefSerializer()
    away_team = TeamRefSerializer()
    venue = VenueRefSerializer(allow_null=True)
    start_time = serializers.DateTimeField()
    round = serializers.CharField()
    status = serializers.ChoiceField(
        choices=[c for c, _ in Match._meta.get_field("status").choices]
    )
    is_live = serializers.BooleanField()
    seq = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    updated_at = serializers.SerializerMethodField()

    def get_seq(self, match: Match) -> int:
        board = board_of(match)
        return board.seq if board else 0

    def get_summary(self, match: Match) -> dict:
        board = board_of(match)
        return board.summary if board else {}

    def get_updated_at(self, match: Match) -> datetime:
        board = board_of(match)
        return board.updated_at if board else match.created_at


def board_of(match: Match):
    try:
        return match.scoreboard
    except Match.scoreboard.RelatedObjectDoesNotExist:
        return None


def match_or_404(match_id: int) -> Match:
    match = selectors.match_get(match_id=match_id)
    if match is None:
        raise NotFound(f"There is no match {match_id}.")
    return match


def competition_or_404(competition_id: int) -> Competition:
    competition = selectors.competition_get(competition_id=competition_id)
    if competition is None:
        raise NotFound(f"There is no competition {competition_id}.")
    return competition


class _MatchPageApi(ListAPIView):
    """A cursor-paginated list of matches, soonest first."""

    serializer_class = MatchOutputSerializer
    pagination_class = SoonestFirstPagination
    filter_backends = []


@extend_schema(tags=["matches"], summary="Matches, filtered (?ordering=-start_time: latest first)")
class MatchListApi(_MatchPageApi):
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = MatchFilter
    ordering_fields = ["start_time"]
    ordering = ("start_time", "id")

    def get_queryset(self):
        return selectors.match_list()


def _match_list_built(matches: list[Match]) -> Built:
    boards = [b for b in (board_of(m) for m in matches) if b is not None]
    return Built(
        data={"results": MatchOutputSerializer(matches, many=True).data},
        last_modified=max((b.updated_at for b in boards), default=None),
        is_live=True,
    )


class LiveListOutputSerializer(serializers.Serializer):
    results = MatchOutputSerializer(many=True)


class MatchLiveListApi(APIView):
    """Every match in play (or paused), with its score line; served from the read cache."""

    @extend_schema(
        tags=["matches"],
        summary="Live matches",
        parameters=CONDITIONAL,
        responses={200: LiveListOutputSerializer, 304: NOT_MODIFIED},
    )
    def get(self, request):
        return conditional_json(
            request,
            key="matches:live",
            scopes=[read_cache.LIVE],
            build=lambda: _match_list_built(list(selectors.matches_live()[:LIVE_LIST_LIMIT])),
        )


class MatchTodayListApi(_MatchPageApi):
    class FilterSerializer(serializers.Serializer):
        tz = serializers.CharField(
            max_length=64,
            required=False,
            help_text="IANA time zone; by default the signed-in fan's, else the server's.",
        )

        def validate_tz(self, value: str) -> str:
            if value not in available_timezones():
                raise serializers.ValidationError(f"'{value}' is not an IANA time zone.")
            return value

    @extend_schema(
        tags=["matches"],
        summary="Today's matches, in the caller's time zone",
        parameters=[FilterSerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = valid_query(self.FilterSerializer, self.request)
        user = self.request.user
        name = filters.get("tz") or (
            user.time_zone if user and user.is_authenticated else settings.TIME_ZONE
        )
        try:
            zone = ZoneInfo(name)
        except (ValueError, KeyError, ZoneInfoNotFoundError):
            zone = ZoneInfo("UTC")  # a profile edited outside the API with a bad zone
        return selectors.matches_on_day(day=timezone.now().astimezone(zone).date(), time_zone=zone)


class MatchUpcomingListApi(_MatchPageApi):
    class FilterSerializer(serializers.Serializer):
        days = serializers.IntegerField(min_value=1, max_value=60, default=7, required=False)

    @extend_schema(
        tags=["matches"],
        summary="Scheduled matches in the next ?days= days",
        parameters=[FilterSerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = valid_query(self.FilterSerializer, self.request)
        return selectors.matches_upcoming(days=filters.get("days", 7))


class MatchDetailApi(APIView):
    """One match with its score line; ETag from its seq, served from the read cache."""

    @extend_schema(
        tags=["matches"],
        summary="A match",
        parameters=CONDITIONAL,
        responses={200: MatchOutputSerializer, 304: NOT_MODIFIED},
    )
    def get(self, request, match_id: int):
        return conditional_json(
            request,
            key=f"match:{match_id}",
            scopes=[read_cache.match_scope(match_id)],
            build=lambda: self._built(match_id),
        )

    def _built(self, match_id: int) -> Built:
        match = match_or_404(match_id)
        board = board_of(match)
        return Built(
            data=MatchOutputSerializer(match).data,
            seq=board.seq if board else 0,
            last_modified=board.updated_at if board else match.created_at,
            is_live=match.is_live,
            cache_seconds=cache_seconds_for_status(match.status),
        )


class LineupPlayerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="player_id")
    name = serializers.CharField(source="player.name")
    order = serializers.IntegerField()
    is_starting = serializers.BooleanField()


class LineupSideSerializer(serializers.Serializer):
    team = TeamRefSerializer()
    players = LineupPlayerSerializer(many=True)


class MatchLineupsApi(APIView):
    class OutputSerializer(serializers.Serializer):
        match = serializers.IntegerField()
        home = LineupSideSerializer()
        away = LineupSideSerializer()

    @extend_schema(tags=["matches"], summary="Line-ups", responses={200: OutputSerializer})
    def get(self, request, match_id: int):
        return Response(lineups_data(match_or_404(match_id)))


class CompetitionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    sport = serializers.ChoiceField(choices=Sport.choices)
    season = serializers.CharField()
    rules = serializers.JSONField()


class CompetitionListApi(ListAPIView):
    class CompetitionFilter(django_filters.FilterSet):
        sport = django_filters.ChoiceFilter(choices=Sport.choices)
        season = django_filters.CharFilter(max_length=32)

        class Meta:
            model = Competition
            fields = []

    serializer_class = CompetitionOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CompetitionFilter
    pagination_class = NameOrderPagination

    @extend_schema(tags=["competitions"], summary="Competitions")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.competition_list()


class CompetitionDetailApi(APIView):
    @extend_schema(
        tags=["competitions"], summary="A competition", responses={200: CompetitionOutputSerializer}
    )
    def get(self, request, competition_id: int):
        competition = competition_or_404(competition_id)
        return Response(CompetitionOutputSerializer(competition).data)


class CompetitionFixtureListApi(_MatchPageApi):
    @extend_schema(tags=["competitions"], summary="Fixtures still to be decided, soonest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        competition = competition_or_404(self.kwargs["competition_id"])
        return selectors.competition_fixtures(competition=competition)


class CompetitionResultListApi(_MatchPageApi):
    pagination_class = LatestFirstPagination

    @extend_schema(tags=["competitions"], summary="Results, latest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        competition = competition_or_404(self.kwargs["competition_id"])
        return selectors.competition_results(competition=competition)


class TeamOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    sport = serializers.ChoiceField(choices=Sport.choices)


def _team_or_404(team_id: int):
    team = selectors.team_get(team_id=team_id)
    if team is None:
        raise NotFound(f"There is no team {team_id}.")
    return team


class TeamDetailApi(APIView):
    @extend_schema(tags=["teams"], summary="A team", responses={200: TeamOutputSerializer})
    def get(self, request, team_id: int):
        return Response(TeamOutputSerializer(_team_or_404(team_id)).data)


class TeamFixtureListApi(_MatchPageApi):
    @extend_schema(tags=["teams"], summary="A team's matches still to be decided")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        team = _team_or_404(self.kwargs["team_id"])
        return selectors.team_matches(team=team).filter(status__in=selectors.OPEN_STATUSES)


class PlayerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TeamSquadApi(APIView):
    class OutputSerializer(serializers.Serializer):
        team = TeamRefSerializer()
        players = PlayerRefSerializer(many=True)

    @extend_schema(tags=["teams"], summary="A team's squad", responses={200: OutputSerializer})
    def get(self, request, team_id: int):
        team = _team_or_404(team_id)
        return Response(
            TeamSquadApi.OutputSerializer(
                {"team": team, "players": selectors.team_squad(team=team)}
            ).data
        )


class TeamRecordApi(APIView):
    class LineSerializer(serializers.Serializer):
        competition = CompetitionRefSerializer()
        played = serializers.IntegerField()
        won = serializers.IntegerField()
        lost = serializers.IntegerField()
        other = serializers.IntegerField(help_text="Draws, ties and no results.")

    @extend_schema(
        tags=["teams"],
        summary="A team's record per competition and season",
        responses={
            200: inline_serializer(
                "TeamRecord",
                {"team": TeamRefSerializer(), "seasons": LineSerializer(many=True)},
            )
        },
    )
    def get(self, request, team_id: int):
        team = _team_or_404(team_id)
        lines = selectors.team_record(team=team)
        return Response(
            {
                "team": TeamRefSerializer(team).data,
                "seasons": TeamRecordApi.LineSerializer(lines, many=True).data,
            }
        )


def lineups_data(match: Match) -> dict:
    sides = selectors.match_lineups(match=match)
    return MatchLineupsApi.OutputSerializer(
        {
            "match": match.pk,
            "home": {"team": match.home_team, "players": sides["home"]},
            "away": {"team": match.away_team, "players": sides["away"]},
        }
    ).data
