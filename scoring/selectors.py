"""Reads for the scoring side: the setup an engine starts from, the log, the projection."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet

from matches.models import Match, MatchPlayer
from scoring.engines import engine_for
from scoring.log import STATUS, LoggedEvent, events_in_force
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


def match_engine_detail_get(*, match: Match) -> dict:
    """The engine's full detail of a loaded match (empty before the first sport event)."""
    board = getattr(match, "scoreboard", None)  # a missing one-to-one is an AttributeError
    if board is None or board.state is None:
        return {}
    engine = engine_for(match.sport)
    return engine.detail(engine.load(board.state))


def match_engine_details_get(*, matches: Iterable[Match]) -> list[dict]:
    return [match_engine_detail_get(match=match) for match in matches]


def match_commentary_get(*, match_id: int, before_seq: int | None, limit: int) -> list[MatchEvent]:
    """The log as fans read it, newest first: undone events left out, corrected ones shown
    as corrected, undo and correction entries themselves left out."""
    log = match_log_get(match_id=match_id)
    in_force = {event.seq: event for event in events_in_force(log)}
    shown = sorted(
        (
            seq
            for seq in {*in_force, *(e.seq for e in log if e.kind == STATUS)}
            if before_seq is None or seq < before_seq
        ),
        reverse=True,
    )[:limit]
    rows = {
        event.seq: event for event in MatchEvent.objects.filter(match_id=match_id, seq__in=shown)
    }
    entries = []
    for seq in shown:
        row = rows[seq]
        if seq in in_force:
            row.kind, row.payload = in_force[seq].kind, in_force[seq].payload
        entries.append(row)
    return entries


def squad_player_ids(*, match_id: int, registry: Mapping[str, str] | None = None) -> dict[str, int]:
    """Name -> Player id over a match's squad, to turn Cricsheet names into payload ids
    (`scoring.cricket.players.remap_players`). With the file's registry (name -> Cricsheet
    id), a squad player is found by that id even when stored under another spelling."""
    squad = list(
        MatchPlayer.objects.filter(match_id=match_id).values_list(
            "player_id", "player__name", "player__external_ids"
        )
    )
    ids = {name: player_id for player_id, name, _external in squad}
    by_registry = {
        external.get("cricsheet"): player_id
        for player_id, _name, external in squad
        if isinstance(external, dict) and external.get("cricsheet")
    }
    for name, cricsheet_id in (registry or {}).items():
        if cricsheet_id in by_registry:
            ids[name] = by_registry[cricsheet_id]
    return ids


def match_detail_get(*, match_id: int) -> tuple[Match, dict[str, Any]] | None:
    """The match and its engine's full detail (a cricket scorecard …) from the projection;
    before any event, the detail of a match not yet started."""
    match = (
        Match.objects.select_related("competition", "home_team", "away_team", "scoreboard")
        .filter(pk=match_id)
        .first()
    )
    if match is None:
        return None
    engine = engine_for(match.sport)
    board = getattr(match, "scoreboard", None)
    if board is not None and board.state is not None:
        state = engine.load(board.state)
    else:
        state = engine.new_state(match_setup_get(match=match))
    return match, engine.detail(state)
