"""Staff run a competition through these: competitions, teams, players, venues, matches,
line-ups and scorer assignments. Each view parses, calls one service in
matches/services.py, presents the result."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from livescore.api_inputs import IdField, valid_body
from livescore.api_permissions import IsStaff
from matches import selectors, services
from matches.apis import (
    CompetitionOutputSerializer,
    MatchLineupsApi,
    MatchOutputSerializer,
    TeamOutputSerializer,
    VenueRefSerializer,
    lineups_data,
)
from matches.models import Competition, Match, Player, Side, Sport, Team, Venue

NAME = {"max_length": 200}


def _get_or_404(model, pk: int, label: str):
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        raise NotFound(f"There is no {label} {pk}.")
    return instance


def _get_or_invalid(model, pk: int | None, field: str):
    if pk is None:
        return None
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        raise serializers.ValidationError({field: [f"There is no {field.replace('_', ' ')} {pk}."]})
    return instance


class _StaffApi(APIView):
    permission_classes = [IsStaff]


class RulesField(serializers.DictField):
    """The engine's rules for this competition: overs, points, tie-breakers …"""


class CompetitionCreateApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(**NAME)
        sport = serializers.ChoiceField(choices=Sport.choices)
        season = serializers.CharField(max_length=32, required=False, default="")
        rules = RulesField(required=False, default=dict)

    @extend_schema(
        tags=["management"],
        summary="Create a competition",
        request=InputSerializer,
        responses={201: CompetitionOutputSerializer},
    )
    def post(self, request):
        data = valid_body(CompetitionCreateApi.InputSerializer, request)
        competition = services.competition_create(**data)
        return Response(CompetitionOutputSerializer(competition).data, status.HTTP_201_CREATED)


class CompetitionUpdateApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(required=False, **NAME)
        sport = serializers.ChoiceField(choices=Sport.choices, required=False)
        season = serializers.CharField(max_length=32, required=False)
        rules = RulesField(required=False)

    @extend_schema(
        tags=["management"],
        summary="Edit a competition (and its rules)",
        request=InputSerializer,
        responses={200: CompetitionOutputSerializer},
    )
    def patch(self, request, competition_id: int):
        competition = _get_or_404(Competition, competition_id, "competition")
        data = valid_body(CompetitionUpdateApi.InputSerializer, request)
        competition = services.competition_update(competition=competition, **data)
        return Response(CompetitionOutputSerializer(competition).data)


class TeamCreateApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(**NAME)
        sport = serializers.ChoiceField(choices=Sport.choices)
        short_name = serializers.CharField(max_length=32, required=False, default="")

    @extend_schema(
        tags=["management"],
        summary="Create a team",
        request=InputSerializer,
        responses={201: TeamOutputSerializer},
    )
    def post(self, request):
        data = valid_body(TeamCreateApi.InputSerializer, request)
        return Response(
            TeamOutputSerializer(services.team_create(**data)).data, status.HTTP_201_CREATED
        )


class TeamUpdateApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(required=False, **NAME)
        sport = serializers.ChoiceField(choices=Sport.choices, required=False)
        short_name = serializers.CharField(max_length=32, required=False, allow_blank=True)

    @extend_schema(
        tags=["management"],
        summary="Edit a team",
        request=InputSerializer,
        responses={200: TeamOutputSerializer},
    )
    def patch(self, request, team_id: int):
        team = _get_or_404(Team, team_id, "team")
        data = valid_body(TeamUpdateApi.InputSerializer, request)
        return Response(TeamOutputSerializer(services.team_update(team=team, **data)).data)


class PlayerOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    team = serializers.IntegerField(source="team_id", allow_null=True)


class PlayerCreateApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(**NAME)
        team = IdField(required=False, allow_null=True, default=None)

    @extend_schema(
        tags=["management"],
        summary="Create a player",
        request=InputSerializer,
        responses={201: PlayerOutputSerializer},
    )
    def post(self, request):
        data = valid_body(PlayerCreateApi.InputSerializer, request)
        player = services.player_create(
            name=data["name"], team=_get_or_invalid(Team, data["team"], "team")
        )
        return Response(PlayerOutputSerializer(player).data, status.HTTP_201_CREATED)


class PlayerUpdateApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(required=False, **NAME)
        team = IdField(required=False, allow_null=True)

    @extend_schema(
        tags=["management"],
        summary="Edit a player (a transfer: change the team)",
        request=InputSerializer,
        responses={200: PlayerOutputSerializer},
    )
    def patch(self, request, player_id: int):
        player = _get_or_404(Player, player_id, "player")
        data = valid_body(PlayerUpdateApi.InputSerializer, request)
        if "team" in data:
            data["team"] = _get_or_invalid(Team, data["team"], "team")
        return Response(PlayerOutputSerializer(services.player_update(player=player, **data)).data)


class VenueCreateApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(**NAME)
        city = serializers.CharField(max_length=120, required=False, default="")

    @extend_schema(
        tags=["management"],
        summary="Create a venue",
        request=InputSerializer,
        responses={201: VenueRefSerializer},
    )
    def post(self, request):
        data = valid_body(VenueCreateApi.InputSerializer, request)
        return Response(
            VenueRefSerializer(services.venue_create(**data)).data, status.HTTP_201_CREATED
        )


class VenueUpdateApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(required=False, **NAME)
        city = serializers.CharField(max_length=120, required=False, allow_blank=True)

    @extend_schema(
        tags=["management"],
        summary="Edit a venue",
        request=InputSerializer,
        responses={200: VenueRefSerializer},
    )
    def patch(self, request, venue_id: int):
        venue = _get_or_404(Venue, venue_id, "venue")
        data = valid_body(VenueUpdateApi.InputSerializer, request)
        return Response(VenueRefSerializer(services.venue_update(venue=venue, **data)).data)


class MatchCreateApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        competition = IdField()
        home_team = IdField()
        away_team = IdField()
        start_time = serializers.DateTimeField()
        venue = IdField(required=False, allow_null=True, default=None)
        round = serializers.CharField(max_length=64, required=False, default="")

    @extend_schema(
        tags=["management"],
        summary="Schedule a match",
        request=InputSerializer,
        responses={201: MatchOutputSerializer},
    )
    def post(self, request):
        data = valid_body(MatchCreateApi.InputSerializer, request)
        match = services.match_schedule(
            competition=_get_or_invalid(Competition, data["competition"], "competition"),
            home_team=_get_or_invalid(Team, data["home_team"], "home_team"),
            away_team=_get_or_invalid(Team, data["away_team"], "away_team"),
            venue=_get_or_invalid(Venue, data["venue"], "venue"),
            start_time=data["start_time"],
            round=data["round"],
        )
        match = selectors.match_get(match_id=match.pk)
        return Response(MatchOutputSerializer(match).data, status.HTTP_201_CREATED)


class MatchUpdateApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        competition = IdField(required=False)
        home_team = IdField(required=False)
        away_team = IdField(required=False)
        start_time = serializers.DateTimeField(required=False)
        venue = IdField(required=False, allow_null=True)
        round = serializers.CharField(max_length=64, required=False, allow_blank=True)

    @extend_schema(
        tags=["management"],
        summary="Reschedule or correct a match (status changes go through status/)",
        request=InputSerializer,
        responses={200: MatchOutputSerializer},
    )
    def patch(self, request, match_id: int):
        match = _get_or_404(Match, match_id, "match")
        data = valid_body(MatchUpdateApi.InputSerializer, request)
        models = {
            "competition": Competition,
            "home_team": Team,
            "away_team": Team,
            "venue": Venue,
        }
        for field, model in models.items():
            if field in data:
                data[field] = _get_or_invalid(model, data[field], field)
        services.match_update(match=match, **data)
        return Response(MatchOutputSerializer(selectors.match_get(match_id=match.pk)).data)


class LineupEntryInputSerializer(serializers.Serializer):
    player = IdField()
    is_starting = serializers.BooleanField(default=True)


class MatchLineupSetApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        side = serializers.ChoiceField(choices=Side.choices)
        players = LineupEntryInputSerializer(many=True, max_length=60)

    @extend_schema(
        tags=["management"],
        summary="Set one side's line-up, in batting or shirt order (before scoring)",
        request=InputSerializer,
        responses={200: MatchLineupsApi.OutputSerializer},
    )
    def put(self, request, match_id: int):
        match = _get_or_404(Match, match_id, "match")
        data = valid_body(MatchLineupSetApi.InputSerializer, request)
        ids = [entry["player"] for entry in data["players"]]
        found = Player.objects.in_bulk(ids)
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise serializers.ValidationError({"players": [f"There is no player {missing[0]}."]})
        services.match_lineup_set(
            match=match,
            side=data["side"],
            players=[(found[entry["player"]], entry["is_starting"]) for entry in data["players"]],
        )
        return Response(lineups_data(match))


class MatchScorersApi(_StaffApi):
    class InputSerializer(serializers.Serializer):
        scorers = serializers.ListField(child=IdField(), max_length=50)

    class OutputSerializer(serializers.Serializer):
        match = serializers.IntegerField(source="pk")
        scorers = serializers.SerializerMethodField()

        def get_scorers(self, match) -> list[int]:
            return sorted(match.scorers.values_list("id", flat=True))

    @extend_schema(
        tags=["management"],
        summary="Assign the scorers of a match (replaces the list)",
        request=InputSerializer,
        responses={200: OutputSerializer},
    )
    def put(self, request, match_id: int):
        match = _get_or_404(Match, match_id, "match")
        data = valid_body(MatchScorersApi.InputSerializer, request)
        users = get_user_model().objects.in_bulk(data["scorers"])
        missing = [pk for pk in data["scorers"] if pk not in users]
        if missing:
            raise serializers.ValidationError({"scorers": [f"There is no user {missing[0]}."]})
        match = services.match_scorers_set(match=match, scorers=users.values())
        return Response(MatchScorersApi.OutputSerializer(match).data)
