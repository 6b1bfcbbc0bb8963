"""Matches for the fans' pages, played through the one scoring service.

Cricket comes from a real Cricsheet file (ball by ball, ODC-BY 1.0); football from a
short scripted afternoon. Both go through scoring.services like any scorer's input."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from matches.models import Competition, Match, MatchPlayer, Player, Team
from scoring import services
from scoring.formats.cricsheet import convert
from scoring.models import EventSource

DEMO = Path(__file__).resolve().parents[2] / "matches" / "demo"
CRICSHEET = DEMO / "1031433.json"  # England v South Africa, T20I, Taunton 2017


def _map_players(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_map_players(item, ids) for item in value]
    if isinstance(value, dict):
        return {key: _map_players(item, ids) for key, item in value.items()}
    return value


def cricket_match(*, events: int | None = None, finish: bool = False, path: Path = CRICSHEET):
    """A live (or finished) T20 with its first `events` events scored; returns the match."""
    setup, log = convert(json.loads(path.read_text()))
    competition, _ = Competition.objects.get_or_create(
        name="T20 Internationals",
        season="2017",
        defaults={"sport": "cricket", "rules": setup["rules"]},
    )
    ids: dict[str, int] = {}
    teams = {}
    for side in ("home", "away"):
        teams[side], _ = Team.objects.get_or_create(name=setup[side]["name"], sport="cricket")
    match = Match.objects.create(
        competition=competition,
        home_team=teams["home"],
        away_team=teams["away"],
        start_time=timezone.now() - timedelta(hours=1),
        round="2nd T20I",
    )
    for side in ("home", "away"):
        for order, name in enumerate(setup[side]["players"]):
            player, _ = Player.objects.get_or_create(name=name, team=teams[side])
            ids[name] = player.pk
            MatchPlayer.objects.create(match=match, player=player, side=side, order=order)
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.IMPORT)
    for kind, payload in log[:events]:
        services.event_record(
            match_id=match.pk,
            kind=kind,
            payload=_map_players(payload, ids),
            source=EventSource.IMPORT,
        )
    if finish:
        services.match_transition(
            match_id=match.pk, to_status="finished", source=EventSource.IMPORT
        )
    return match, ids


def football_teams(names: list[str], competition: Competition) -> list[Team]:
    teams = []
    for name in names:
        team, _ = Team.objects.get_or_create(name=name, sport="football")
        for number in range(1, 15):
            Player.objects.get_or_create(name=f"{name.split()[0]} Player {number}", team=team)
        teams.append(team)
    return teams


def football_match(*, competition: Competition, home: Team, away: Team, start=None) -> Match:
    match = Match.objects.create(
        competition=competition,
        home_team=home,
        away_team=away,
        start_time=start or timezone.now(),
        round="Matchday 1",
    )
    for side, team in (("home", home), ("away", away)):
        for order, player in enumerate(team.players.order_by("id")[:14]):
            MatchPlayer.objects.create(
                match=match, player=player, side=side, order=order, is_starting=order < 11
            )
    return match


def squad_ids(match: Match, side: str) -> list[int]:
    return list(match.squad.filter(side=side).order_by("order").values_list("player_id", flat=True))


def kick_off(match: Match, *, minutes_ago: float = 30) -> None:
    record = _recorder(match)
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.IMPORT)
    for side in ("home", "away"):
        players = squad_ids(match, side)
        record(
            "lineup",
            {"side": side, "starting": players[:11], "bench": players[11:], "formation": "4-3-3"},
        )
    started = timezone.now().timestamp() - minutes_ago * 60
    record("period_start", {"period": "first_half", "at": started})


def _recorder(match: Match):
    def record(kind: str, payload: dict[str, Any]):
        return services.event_record(
            match_id=match.pk, kind=kind, payload=payload, source=EventSource.IMPORT
        )

    return record


def football_afternoon(match: Match) -> None:
    """A lively first half and the second under way: goals, cards, a substitution, stats."""
    kick_off(match, minutes_ago=75)
    record = _recorder(match)
    home, away = squad_ids(match, "home"), squad_ids(match, "away")
    now = timezone.now().timestamp()
    first = now - 75 * 60
    record("goal", {"side": "home", "scorer": home[9], "assist": home[7], "at": first + 11 * 60})
    record("card", {"side": "away", "player": away[4], "card": "yellow", "at": first + 23 * 60})
    record("goal", {"side": "away", "scorer": away[10], "kind": "penalty", "at": first + 38 * 60})
    record("period_end", {"at": first + 47 * 60})
    second = now - 20 * 60
    record("period_start", {"period": "second_half", "at": second})
    record(
        "substitution",
        {"side": "home", "player_off": home[6], "player_on": home[11], "at": second + 5 * 60},
    )
    record("goal", {"side": "home", "scorer": home[11], "at": second + 14 * 60})
    for side, figures in (
        ("home", {"possession": 56, "shots": 12, "shots_on_target": 5, "corners": 6, "fouls": 9}),
        ("away", {"possession": 44, "shots": 7, "shots_on_target": 3, "corners": 2, "fouls": 13}),
    ):
        for name, value in figures.items():
            record("stat", {"side": side, "name": name, "value": value})
