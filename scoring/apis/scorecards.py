"""GET /api/v1/matches/<id>/scorecard/: a cricket match's full scorecard from the projection."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from livescore.api_inputs import valid_query
from scoring.selectors import match_detail_get
from scoring.selectors.as_at import cricket_ball_seq, match_as_at_get


class ExtrasSerializer(serializers.Serializer):
    wides = serializers.IntegerField()
    noballs = serializers.IntegerField()
    byes = serializers.IntegerField()
    legbyes = serializers.IntegerField()
    penalty = serializers.IntegerField()
    total = serializers.IntegerField()


class BattingSerializer(serializers.Serializer):
    player = serializers.IntegerField(help_text="Player id")
    name = serializers.CharField()
    runs = serializers.IntegerField()
    balls = serializers.IntegerField()
    fours = serializers.IntegerField()
    sixes = serializers.IntegerField()
    strike_rate = serializers.FloatField(allow_null=True)
    dismissal = serializers.CharField(help_text='"not out", "c Smith b Jones", "retired hurt" …')
    is_out = serializers.BooleanField()


class BowlingSerializer(serializers.Serializer):
    player = serializers.IntegerField(help_text="Player id")
    name = serializers.CharField()
    balls = serializers.IntegerField(help_text="Legal balls bowled")
    overs = serializers.CharField(help_text="O.B")
    maidens = serializers.IntegerField()
    runs = serializers.IntegerField(help_text="Runs conceded (byes and leg-byes excluded)")
    wickets = serializers.IntegerField()
    economy = serializers.FloatField(allow_null=True)
    wides = serializers.IntegerField()
    noballs = serializers.IntegerField()


class FallOfWicketSerializer(serializers.Serializer):
    wicket = serializers.IntegerField()
    runs = serializers.IntegerField(help_text="Innings total when the wicket fell")
    player = serializers.IntegerField()
    name = serializers.CharField()
    legal_balls = serializers.IntegerField()
    overs = serializers.CharField()


class PartnershipSerializer(serializers.Serializer):
    wicket = serializers.IntegerField(help_text="The wicket this partnership was for")
    batters = serializers.ListField(child=serializers.IntegerField())
    names = serializers.ListField(child=serializers.CharField())
    runs = serializers.IntegerField()
    balls = serializers.IntegerField()


class TeamSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    side = serializers.ChoiceField(choices=["home", "away"])


class InningsSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    team = TeamSerializer()
    is_super_over = serializers.BooleanField()
    is_follow_on = serializers.BooleanField()
    runs = serializers.IntegerField()
    wickets = serializers.IntegerField()
    legal_balls = serializers.IntegerField()
    overs = serializers.CharField(help_text="O.B, e.g. 19.2")
    run_rate = serializers.FloatField(allow_null=True)
    closed = serializers.BooleanField()
    close_reason = serializers.CharField(allow_null=True)
    target = serializers.IntegerField(allow_null=True)
    extras = ExtrasSerializer()
    batting = BattingSerializer(many=True)
    bowling = BowlingSerializer(many=True)
    fall_of_wickets = FallOfWicketSerializer(many=True)
    partnerships = PartnershipSerializer(many=True)


class ResultSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="win, tie, draw, no_result, abandoned, awarded …")
    winner = TeamSerializer(allow_null=True)
    margin = serializers.IntegerField(allow_null=True)
    margin_unit = serializers.CharField(
        allow_null=True, help_text="runs, wickets or innings_and_runs"
    )
    balls_left = serializers.IntegerField(allow_null=True)
    method = serializers.CharField(allow_null=True, help_text='e.g. "DLS"')
    tie_breaker = serializers.CharField(allow_null=True)
    text = serializers.CharField()


class ScorecardOutputSerializer(serializers.Serializer):
    match = serializers.IntegerField()
    status = serializers.CharField()
    seq = serializers.IntegerField(help_text="The last log entry the scorecard includes")
    home = TeamSerializer()
    away = TeamSerializer()
    innings = InningsSerializer(many=True)
    result = ResultSerializer(allow_null=True)
    text = serializers.CharField(help_text="One line: the result or the state of play")


class AsAtFilterSerializer(serializers.Serializer):
    at = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31, help_text="As it stood after this seq."
    )
    ball = serializers.RegexField(
        r"^[1-9][0-9]?:[0-9]{1,3}\.[1-9][0-9]?$",
        required=False,
        help_text='Cricket: as it stood after a ball, "innings:over.ball", e.g. "2:12.3".',
    )


def as_at_seq(request, match) -> int | None:
    """The seq `?at=` or `?ball=` names, None for the live state; 404 for a ball not bowled."""
    filters = valid_query(AsAtFilterSerializer, request)
    if "at" in filters:
        return filters["at"]
    if "ball" in filters:
        innings, ball = filters["ball"].split(":")
        seq = cricket_ball_seq(match=match, innings=int(innings), ball=ball)
        if seq is None:
            raise NotFound(f"Ball {ball} of innings {innings} has not been bowled.")
        return seq
    return None


class MatchScorecardApi(APIView):
    @extend_schema(
        parameters=[AsAtFilterSerializer],
        responses={
            200: ScorecardOutputSerializer,
            404: OpenApiResponse(description="No such match, or not a cricket match"),
        },
    )
    def get(self, request, match_id: int):
        found = match_detail_get(match_id=match_id)
        if found is None:
            raise NotFound(f"There is no match {match_id}.")
        match, card = found
        if match.sport != "cricket":
            raise NotFound(f"Match {match_id} is {match.sport}: scorecards are kept for cricket.")
        board = getattr(match, "scoreboard", None)
        seq = board.seq if board else 0
        at = as_at_seq(request, match)
        if at is not None and at < seq:
            past = match_as_at_get(match=match, seq=at)
            card, seq = past.detail, past.seq
        teams = {
            "home": {"id": match.home_team_id, "name": match.home_team.name, "side": "home"},
            "away": {"id": match.away_team_id, "name": match.away_team.name, "side": "away"},
        }
        scorecard = {
            "match": match.pk,
            "status": match.status,
            "seq": seq,
            "home": teams["home"],
            "away": teams["away"],
            "innings": [{**innings, "team": teams[innings["side"]]} for innings in card["innings"]],
            "result": _result(card["result"], teams),
            "text": card["text"],
        }
        return Response(ScorecardOutputSerializer(scorecard).data)


def _result(result: dict[str, Any] | None, teams: dict[str, dict]) -> dict[str, Any] | None:
    if result is None:
        return None
    return {**result, "winner": teams[result["winner"]] if result["winner"] else None}
