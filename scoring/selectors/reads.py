"""Reads for the scoring side: the setup an engine starts from, the log, the projection,
and the competition tables computed from it."""

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet

from matches import read_cache
from matches.lifecycle import LIVE_STATUSES, Status
from matches.models import Competition, Match, MatchPlayer, PointsDeduction, Team
from scoring.models import MatchEvent
from scoring.rules.contract import MatchSetup, PlayerEntry, TeamSheet
from scoring.rules.engines import engine_for
from scoring.rules.replay import STATUS, LoggedEvent, events_in_force
from scoring.standings.cricket import CricketResult, MatchInPlay, SideFigures, cricket_table
from scoring.standings.football import MatchResult as FootballResult
from scoring.standings.football import standings_table as football_table


def match_setup_get(*, match: Match) -> MatchSetup:
    return match_setups_get(matches=[match])[match.pk]


def match_setups_get(*, matches: list[Match]) -> dict[int, MatchSetup]:
    """The setups of many matches (teams and competition selected) in one squad query."""
    players: dict[tuple[int, str], list[PlayerEntry]] = {}
    squad = (
        MatchPlayer.objects.filter(match__in=matches)
        .select_related("player")
        .order_by("match_id", "side", "order", "id")
    )
    for entry in squad:
        players.setdefault((entry.match_id, entry.side), []).append(
            PlayerEntry(id=entry.player_id, name=entry.player.name)
        )
    return {
        match.pk: MatchSetup(
            home=TeamSheet(
                side="home",
                team_id=match.home_team_id,
                name=match.home_team.name,
                players=tuple(players.get((match.pk, "home"), ())),
            ),
            away=TeamSheet(
                side="away",
                team_id=match.away_team_id,
                name=match.away_team.name,
                players=tuple(players.get((match.pk, "away"), ())),
            ),
            rules=match.competition.rules,
        )
        for match in matches
    }


def match_log_get(*, match_id: int, since_seq: int = 0) -> list[LoggedEvent]:
    rows = (
        MatchEvent.objects.filter(match_id=match_id, seq__gt=since_seq)
        .order_by("seq")
        .values_list("seq", "kind", "payload", "target_seq")
    )
    return [LoggedEvent(seq=s, kind=k, payload=p, target_seq=t) for s, k, p, t in rows]


def match_events_since(*, match_id: int, since_seq: int, limit: int = 1000) -> QuerySet:
    return MatchEvent.objects.filter(match_id=match_id, seq__gt=since_seq).order_by("seq")[:limit]


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
    (`scoring.rules.cricket.players.remap_players`). With the file's registry (name -> Cricsheet
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


# --- Competition tables -------------------------------------------------------------------
#
# Standings are never typed: they are computed from finished matches' results in the
# scoreboard projection, with the competition's settings in Competition.rules["standings"]
# and the points deductions entered in admin. This is the one computation of a table: the
# competition page, the table API and the live table all read it. A computed table is
# cached under the competition's read-cache generations (matches/read_cache.py), which
# every committed change of the competition's matches, settings or deductions bumps.

TABLE_CACHE_SECONDS = 600
FINAL_STATUSES = frozenset({Status.FINISHED, Status.CANCELLED, Status.ABANDONED})


@dataclass(frozen=True)
class CompetitionTable:
    competition_id: int
    sport: str
    is_live: bool  # live matches counted "as it stands"
    rows: list[dict[str, Any]]
    settings: dict[str, Any]

    @property
    def has_live_matches(self) -> bool:
        """A match counted "as it stands" is in play: the table may move any second."""
        return any(row.get("is_live") for row in self.rows)

    @property
    def zones(self) -> list[dict[str, Any]]:
        return list(self.settings.get("zones", []))

    @property
    def deductions(self) -> list[dict[str, Any]]:
        """Every points deduction with its team, in table order: the page's footnotes."""
        return [
            {"team": row["team"], **deduction}
            for row in self.rows
            for deduction in row["deductions"]
        ]


def standings_settings(*, competition: Competition) -> dict[str, Any]:
    settings = (competition.rules or {}).get("standings", {})
    return dict(settings) if isinstance(settings, dict) else {}


def standings_table_get(*, competition: Competition, live: bool = False) -> CompetitionTable:
    """The competition's table; `live` counts matches in play as they stand."""
    # Generations first, the database after: a table is never filed under a generation
    # newer than its data (matches/read_cache.py). Without Redis the cache misses
    # (livescore/cache.py): computed every time.
    key = _table_cache_key(competition.pk, live)
    cached = cache.get(key)
    if cached is not None:
        return CompetitionTable(**cached)
    table = _table_compute(competition=competition, live=live)
    cache.set(key, dataclasses.asdict(table), TABLE_CACHE_SECONDS)
    return table


def standings_table_compute(*, competition: Competition, live: bool = False) -> CompetitionTable:
    """The table computed now, bypassing the table cache: for a caller that caches its own
    answer under the read-cache generations (the table API)."""
    return _table_compute(competition=competition, live=live)


@dataclass(frozen=True)
class TableFreshness:
    last_modified: datetime | None  # the latest score, status or deduction change
    is_live: bool  # a match of the competition is in play: the table may move any second
    is_complete: bool  # every match is over (finished, cancelled, abandoned)


def standings_table_freshness_get(*, competition: Competition) -> TableFreshness:
    matches = Match.objects.filter(competition=competition)
    figures = matches.aggregate(
        scored=Max("scoreboard__updated_at"),
        changed=Max("status_changed_at"),
        live=Count("id", filter=Q(status__in=LIVE_STATUSES)),
        open=Count("id", filter=~Q(status__in=FINAL_STATUSES)),
    )
    deducted = PointsDeduction.objects.filter(competition=competition).aggregate(
        at=Max("created_at")
    )["at"]
    moments = [figures["scored"], figures["changed"], deducted, competition.created_at]
    return TableFreshness(
        last_modified=max((moment for moment in moments if moment is not None), default=None),
        is_live=figures["live"] > 0,
        is_complete=figures["open"] == 0,
    )


def standings_table_forget(*, competition_id: int) -> None:
    """Make the next read recompute the table (call after commit): bumps the competition's
    read-cache generation, which the table's cache key includes. The write paths bump it
    themselves (`read_cache.match_changed`, `read_cache.competition_changed`); this is for
    callers outside them (benchmarks)."""
    read_cache.competition_changed(competition_id=competition_id)


def _table_cache_key(competition_id: int, live: bool) -> str:
    scopes = [read_cache.competition_scope(competition_id), read_cache.CATALOGUE]
    generations = read_cache.generations_get(scopes=scopes)
    versions = "-".join(str(generations[scope]) for scope in scopes)
    return f"standings:{competition_id}:{versions}:{'live' if live else 'final'}"


def _table_compute(*, competition: Competition, live: bool) -> CompetitionTable:
    settings = standings_settings(competition=competition)
    excluded = {stage.lower() for stage in settings.pop("excluded_stages", [])}
    matches = Match.objects.filter(competition=competition).select_related("scoreboard")
    if competition.sport == "football":
        matches = matches.defer("scoreboard__state")  # the summary holds the score
    matches = [
        match
        for match in matches.order_by("start_time", "id")
        if match.stage.lower() not in excluded
    ]
    teams = dict(
        Team.objects.filter(
            pk__in={m.home_team_id for m in matches} | {m.away_team_id for m in matches}
        ).values_list("id", "name")
    )
    deductions = list(
        PointsDeduction.objects.filter(competition=competition)
        .order_by("id")
        .values("team_id", "points", "reason")
    )
    teams.update(
        Team.objects.filter(pk__in={d["team_id"] for d in deductions}).values_list("id", "name")
    )
    settings["deductions"] = [
        {"team": d["team_id"], "points": d["points"], "reason": d["reason"]} for d in deductions
    ]
    by_name = {name: team_id for team_id, name in teams.items()}
    settings["manual_order"] = [
        by_name.get(team, team) for team in settings.get("manual_order", [])
    ]
    compute = _football_rows if competition.sport == "football" else _cricket_rows
    rows = compute(matches=matches, teams=teams, settings=settings, live=live)
    for row in rows:
        row["team"] = {"id": row["team"], "name": teams.get(row["team"], "")}
    return CompetitionTable(
        competition_id=competition.pk,
        sport=competition.sport,
        is_live=live,
        rows=rows,
        settings={key: settings[key] for key in ("points", "zones") if key in settings},
    )


def _football_rows(
    *, matches: list[Match], teams: dict[int, str], settings: dict[str, Any], live: bool
) -> list[dict[str, Any]]:
    finished, in_play = [], []
    awarded_reasons = _awarded_reasons(matches)
    for match in matches:
        summary = _summary(match)
        result = _football_result(match, summary)
        if result is None:
            continue
        if match.status == Status.FINISHED and summary.get("result"):
            finished.append(result)
        elif live and match.status in LIVE_STATUSES:
            in_play.append(result)
    rows = football_table(finished, settings=settings, teams=teams, live=in_play)
    for row in rows:
        for award in row["awarded"]:
            award["opponent"] = {"id": award["opponent"], "name": teams.get(award["opponent"])}
            pair = (
                (row["team"], award["opponent"]["id"])
                if award["venue"] == "home"
                else (award["opponent"]["id"], row["team"])
            )
            award["reason"] = awarded_reasons.get(pair, "")
    return rows


def _football_result(match: Match, summary: dict[str, Any]) -> FootballResult | None:
    try:
        home_goals, away_goals = summary["home"]["score"], summary["away"]["score"]
    except (KeyError, TypeError):
        return None
    return FootballResult(
        home=match.home_team_id,
        away=match.away_team_id,
        home_goals=home_goals,
        away_goals=away_goals,
        awarded=(summary.get("result") or {}).get("decided_by") == "awarded",
        played_on=match.start_time.date().isoformat(),
    )


def _awarded_reasons(matches: list[Match]) -> dict[tuple[int, int], str]:
    """The reason given with each awarded result in force (kept in the event's payload),
    by (home team, away team)."""
    awarded = {
        match.pk: (match.home_team_id, match.away_team_id)
        for match in matches
        if match.status == Status.FINISHED
        and (_summary(match).get("result") or {}).get("decided_by") == "awarded"
    }
    reasons: dict[tuple[int, int], str] = {}
    for match_id, pair in awarded.items():
        for event in events_in_force(match_log_get(match_id=match_id)):
            if event.kind == "result" and event.payload.get("status") == "awarded":
                reasons[pair] = str(event.payload.get("reason", ""))
    return reasons


def _cricket_rows(
    *, matches: list[Match], teams: dict[int, str], settings: dict[str, Any], live: bool
) -> list[dict[str, Any]]:
    results = [
        result
        for match in matches
        # An abandoned cricket match still has a result for the table: no result.
        if match.status in (Status.FINISHED, Status.ABANDONED)
        and (result := _cricket_result(match)) is not None
    ]
    in_play = [
        _cricket_in_play(match) for match in matches if live and match.status in LIVE_STATUSES
    ]
    return cricket_table(results, settings=settings, live=in_play)


# How the cricket engine's result kinds count in a league: a tie settled by a super over
# is a win for the side that won it (IPL, BBL playing conditions).
CRICKET_OUTCOMES = {
    "win": "win",
    "awarded": "win",
    "conceded": "win",
    "tie": "tie",
    "no_result": "no_result",
    "abandoned": "no_result",
    "draw": "no_result",
}


def _cricket_result(match: Match) -> CricketResult | None:
    board = getattr(match, "scoreboard", None)
    result = _summary(match).get("result")
    if board is None or board.state is None or not isinstance(result, dict):
        return None
    outcome = CRICKET_OUTCOMES.get(result.get("kind", ""))
    if outcome is None:
        return None
    sides = {"home": match.home_team_id, "away": match.away_team_id}
    winner = sides.get(result.get("winner") or "")
    if outcome == "tie" and winner is not None:
        outcome = "win"
    return CricketResult(
        teams=(match.home_team_id, match.away_team_id),
        outcome=outcome,
        winner=winner if outcome == "win" else None,
        figures=_cricket_figures(match),
    )


def _cricket_figures(match: Match) -> tuple[SideFigures, ...]:
    """Each side's net run rate figures from the engine (the Laws applied), so far."""
    board = getattr(match, "scoreboard", None)
    if board is None or board.state is None:
        return ()
    engine = engine_for("cricket")
    figures = engine.detail(engine.load(board.state)).get("net_run_rate", {})
    sides = {"home": match.home_team_id, "away": match.away_team_id}
    return tuple(
        SideFigures(team=sides[side], **figures[side]) for side in sides if side in figures
    )


def _cricket_in_play(match: Match) -> MatchInPlay:
    return MatchInPlay(
        teams=(match.home_team_id, match.away_team_id), figures=_cricket_figures(match)
    )


def _summary(match: Match) -> dict[str, Any]:
    board = getattr(match, "scoreboard", None)
    return board.summary if board is not None and isinstance(board.summary, dict) else {}
