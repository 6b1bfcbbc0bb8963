"""Public reads that need the scoring side: the event log, commentary, match statistics,
competition leaders and a player's figures. The rest of the public reads (fixtures, teams,
squads) stand on matches alone, in matches/apis.py."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from livescore.api_cache import CONDITIONAL, NOT_MODIFIED, Built, conditional_json
from livescore.api_inputs import valid_query
from matches import read_cache, selectors
from matches.apis import (
    CompetitionRefSerializer,
    TeamRefSerializer,
    board_of,
    competition_or_404,
    match_or_404,
)
from matches.models import Sport
from scoring import selectors as scoring_selectors
from scoring.apis.scorecards import AsAtFilterSerializer, as_at_seq
from scoring.selectors import figures
from scoring.selectors.as_at import match_as_at_get
from scoring.selectors.corrections import match_corrections_get


class MatchEventOutputSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    kind = serializers.CharField()
    payload = serializers.JSONField()
    target_seq = serializers.IntegerField(allow_null=True)
    source = serializers.CharField()
    created_at = serializers.DateTimeField()


class MatchEventListApi(APIView):
    """The match's log after ?since=<seq>, oldest first: how a client catches up."""

    class FilterSerializer(serializers.Serializer):
        since = serializers.IntegerField(min_value=0, max_value=2**31, default=0, required=False)
        limit = serializers.IntegerField(min_value=1, max_value=1000, default=500, required=False)

    class OutputSerializer(serializers.Serializer):
        match = serializers.IntegerField()
        seq = serializers.IntegerField(help_text="The match's latest seq.")
        events = MatchEventOutputSerializer(many=True)
        has_more = serializers.BooleanField()

    @extend_schema(
        tags=["matches"],
        summary="The event log since a seq",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer},
    )
    def get(self, request, match_id: int):
        filters = valid_query(MatchEventListApi.FilterSerializer, request)
        match = match_or_404(match_id)
        limit = filters.get("limit", 500)
        events = list(
            scoring_selectors.match_events_since(
                match_id=match.pk, since_seq=filters.get("since", 0), limit=limit + 1
            )
        )
        board = board_of(match)
        return Response(
            MatchEventListApi.OutputSerializer(
                {
                    "match": match.pk,
                    "seq": board.seq if board else 0,
                    "events": events[:limit],
                    "has_more": len(events) > limit,
                }
            ).data
        )


class MatchCommentaryApi(APIView):
    class FilterSerializer(serializers.Serializer):
        before = serializers.IntegerField(
            min_value=1, max_value=2**31, required=False, help_text="Entries before this seq."
        )
        limit = serializers.IntegerField(min_value=1, max_value=500, default=100, required=False)

    class OutputSerializer(serializers.Serializer):
        match = serializers.IntegerField()
        seq = serializers.IntegerField()
        entries = MatchEventOutputSerializer(many=True)

    @extend_schema(
        tags=["matches"],
        summary="Commentary: the events in force, newest first",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer},
    )
    def get(self, request, match_id: int):
        filters = valid_query(MatchCommentaryApi.FilterSerializer, request)
        match = match_or_404(match_id)
        board = board_of(match)
        entries = scoring_selectors.match_commentary_get(
            match_id=match.pk, before_seq=filters.get("before"), limit=filters.get("limit", 100)
        )
        return Response(
            MatchCommentaryApi.OutputSerializer(
                {"match": match.pk, "seq": board.seq if board else 0, "entries": entries}
            ).data
        )


class MatchStatsApi(APIView):
    class OutputSerializer(serializers.Serializer):
        match = serializers.IntegerField()
        sport = serializers.ChoiceField(choices=Sport.choices)
        seq = serializers.IntegerField()
        stats = serializers.JSONField(
            help_text="Football: sides' counts, cards, substitutions. Cricket: innings totals."
        )

    @extend_schema(tags=["matches"], summary="Match statistics", responses={200: OutputSerializer})
    def get(self, request, match_id: int):
        match = match_or_404(match_id)
        board = board_of(match)
        detail = scoring_selectors.match_engine_detail_get(match=match)
        return Response(
            MatchStatsApi.OutputSerializer(
                {
                    "match": match.pk,
                    "sport": match.sport,
                    "seq": board.seq if board else 0,
                    "stats": figures.match_stats(sport=match.sport, detail=detail),
                }
            ).data
        )


class LeaderSerializer(serializers.Serializer):
    player = serializers.JSONField(help_text="The player's id.")
    name = serializers.CharField()
    value = serializers.IntegerField()
    matches = serializers.IntegerField()


class CompetitionLeadersApi(APIView):
    class OutputSerializer(serializers.Serializer):
        competition = serializers.IntegerField()
        sport = serializers.ChoiceField(choices=Sport.choices)
        boards = serializers.DictField(
            child=LeaderSerializer(many=True),
            help_text="Football: goals, assists. Cricket: runs, wickets.",
        )

    @extend_schema(
        tags=["competitions"],
        summary="Leaders: top scorers; in cricket most runs and wickets",
        parameters=CONDITIONAL,
        responses={200: OutputSerializer, 304: NOT_MODIFIED},
    )
    def get(self, request, competition_id: int):
        return conditional_json(
            request,
            key=f"competition:{competition_id}:leaders",
            scopes=[read_cache.competition_scope(competition_id)],
            build=lambda: self._built(competition_id),
        )

    def _built(self, competition_id: int) -> Built:
        competition = competition_or_404(competition_id)
        matches = selectors.match_list(competition_id=competition.pk).exclude(
            scoreboard__state__isnull=True
        )
        details = scoring_selectors.match_engine_details_get(matches=matches)
        data = {
            "competition": competition.pk,
            "sport": competition.sport,
            "boards": figures.leaders(sport=competition.sport, details=details),
        }
        return Built(data=CompetitionLeadersApi.OutputSerializer(data).data, cache_seconds=30)


class PlayerDetailApi(APIView):
    class SeasonSerializer(serializers.Serializer):
        competition = CompetitionRefSerializer()
        matches = serializers.IntegerField()
        figures = serializers.DictField(child=serializers.IntegerField())

    @extend_schema(
        tags=["players"],
        summary="A player with figures per competition (goals, assists; runs, wickets)",
        responses={
            200: inline_serializer(
                "PlayerDetail",
                {
                    "id": serializers.IntegerField(),
                    "name": serializers.CharField(),
                    "team": TeamRefSerializer(allow_null=True),
                    "seasons": SeasonSerializer(many=True),
                },
            )
        },
    )
    def get(self, request, player_id: int):
        player = selectors.player_get(player_id=player_id)
        if player is None:
            raise NotFound(f"There is no player {player_id}.")
        seasons: dict[int, dict] = {}
        for appearance in selectors.player_appearances(player=player):
            match = appearance.match
            season = seasons.setdefault(
                match.competition_id,
                {"competition": match.competition, "matches": 0, "details": []},
            )
            season["matches"] += 1
            season["details"].append(scoring_selectors.match_engine_detail_get(match=match))
        lines = [
            {
                "competition": season["competition"],
                "matches": season["matches"],
                "figures": figures.player_totals(
                    sport=season["competition"].sport,
                    player=player.pk,
                    details=season["details"],
                ),
            }
            for season in seasons.values()
        ]
        return Response(
            {
                "id": player.pk,
                "name": player.name,
                "team": TeamRefSerializer(player.team).data if player.team else None,
                "seasons": PlayerDetailApi.SeasonSerializer(lines, many=True).data,
            }
        )


class CorrectionSerializer(serializers.Serializer):
    seq = serializers.IntegerField(help_text="The undo's or correction's own place in the log.")
    kind = serializers.ChoiceField(choices=["undo", "correction"])
    target_seq = serializers.IntegerField(help_text="The entry it struck out or replaced.")
    before = serializers.CharField(help_text="What that entry said.")
    after = serializers.CharField(
        allow_null=True, help_text="What it says now; null when an undo struck it out."
    )
    role = serializers.CharField(help_text="Who made it, by role: never which person.")
    at = serializers.DateTimeField()


class MatchCorrectionListApi(APIView):
    """Every undo and correction of a match, newest first: the public correction log."""

    class OutputSerializer(serializers.Serializer):
        match = serializers.IntegerField()
        seq = serializers.IntegerField()
        corrections = CorrectionSerializer(many=True)

    @extend_schema(
        tags=["matches"],
        summary="The correction log: what was undone or corrected, from what to what",
        responses={200: OutputSerializer},
    )
    def get(self, request, match_id: int):
        match = match_or_404(match_id)
        board = board_of(match)
        data = {
            "match": match.pk,
            "seq": board.seq if board else 0,
            "corrections": match_corrections_get(match=match),
        }
        return Response(MatchCorrectionListApi.OutputSerializer(data).data)


class MatchSummaryApi(APIView):
    """The score line of a match now, or as it stood after any entry of its log."""

    class OutputSerializer(serializers.Serializer):
        match = serializers.IntegerField()
        sport = serializers.ChoiceField(choices=Sport.choices)
        seq = serializers.IntegerField(help_text="The last log entry included.")
        is_live_state = serializers.BooleanField(help_text="False when ?at= or ?ball= asked.")
        summary = serializers.JSONField(help_text="The sides' scores and the line of text.")

    @extend_schema(
        tags=["matches"],
        summary="The score line, now or as at a seq (or a cricket ball)",
        parameters=[AsAtFilterSerializer],
        responses={200: OutputSerializer},
    )
    def get(self, request, match_id: int):
        match = match_or_404(match_id)
        board = board_of(match)
        seq = board.seq if board else 0
        at = as_at_seq(request, match)
        summary = board.summary if board else {}
        if at is not None and at < seq:
            past = match_as_at_get(match=match, seq=at)
            summary, seq = past.summary, past.seq
        data = {
            "match": match.pk,
            "sport": match.sport,
            "seq": seq,
            "is_live_state": at is None or at >= (board.seq if board else 0),
            "summary": summary,
        }
        return Response(MatchSummaryApi.OutputSerializer(data).data)
