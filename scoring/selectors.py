"""Reads for the scoring side: the setup an engine starts from, the log, the projection."""

from django.db.models import QuerySet

from matches.models import Match
from scoring.log import LoggedEvent
from scoring.models import MatchEvent, Scoreboard
from scoring.sports import MatchSetup, PlayerEntry, TeamSheet


def match_setup_get(*, match: Match) -> MatchSetup:
    squad = match.squad.select_related("player").order_by("side", "order", "id")
    players: dict[str, list[PlayerEntry]] = {"home": [], "away": []}
    for entry in squad:
        players[entry.side].append(PlayerEntry(id=entry.player_id, name=entry.player.name))
    return MatchSetup(
        home=TeamSheet(
            side="home",
            team_id=match.home_team_id,
            name=match.home_team.name,
            players=tuple(players["home"]),
        ),
        away=TeamSheet(
            side="away",
            team_id=match.away_team_id,
            name=match.away_team.name,
            players=tuple(players["away"]),
        ),
        rules=match.competition.rules,
    )


def match_log_get(*, match_id: int, since_seq: int = 0) -> list[LoggedEvent]:
    rows = (
        MatchEvent.objects.filter(match_id=match_id, seq__gt=since_seq)
        .order_by("seq")
        .values_list("seq", "kind", "payload", "target_seq")
    )
    return [LoggedEvent(seq=s, kind=k, payload=p, target_seq=t) for s, k, p, t in rows]


def match_events_since(*, match_id: int, since_seq: int, limit: int = 1000) -> QuerySet:
    return MatchEvent.objects.filter(match_id=match_id, seq__gt=since_seq).order_by("seq")[:limit]


def scoreboard_get(*, match_id: int) -> Scoreboard | None:
    return Scoreboard.objects.filter(match_id=match_id).first()
