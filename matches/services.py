"""Writes of fixtures, teams and squads (never scores: those go through scoring.services)."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from matches.models import Competition, Match, MatchPlayer, Player, Team, Venue


def competition_get_or_create(
    *, name: str, sport: str, season: str, rules: Mapping[str, Any] | None = None
) -> Competition:
    competition, _ = Competition.objects.get_or_create(
        name=name, season=season, defaults={"sport": sport, "rules": dict(rules or {})}
    )
    return competition


def team_get_or_create(*, name: str, sport: str) -> Team:
    team, _ = Team.objects.get_or_create(name=name, sport=sport)
    return team


def venue_get_or_create(*, name: str, city: str = "") -> Venue:
    venue, _ = Venue.objects.get_or_create(name=name, city=city)
    return venue


def player_get_or_create(
    *, name: str, team: Team, source: str = "", external_id: str = ""
) -> Player:
    """Players are matched by a source's id when there is one, else by name in the team; a
    namesake who already has a different id from that source is another person."""
    if not (source and external_id):
        player, _ = Player.objects.get_or_create(name=name, team=team)
        return player
    player = Player.objects.filter(**{f"external_ids__{source}": external_id}).first()
    if player:
        return player
    namesake = (
        Player.objects.filter(name=name, team=team)
        .exclude(external_ids__has_key=source)
        .order_by("pk")
        .first()
    )
    if namesake:
        namesake.external_ids = {**namesake.external_ids, source: external_id}
        namesake.save(update_fields=["external_ids"])
        return namesake
    return Player.objects.create(name=name, team=team, external_ids={source: external_id})


@transaction.atomic
def match_create(
    *,
    competition: Competition,
    home_team: Team,
    away_team: Team,
    start_time: datetime,
    venue: Venue | None = None,
    round: str = "",
    stage: str = "",
    external_ids: Mapping[str, Any] | None = None,
    squads: Mapping[str, Iterable[Player]] | None = None,
    reserves: Mapping[str, Iterable[Player]] | None = None,
) -> Match:
    """`squads`: the players of each side in batting order; `reserves`: others who may take
    part (substitute fielders), listed after them as non-starters."""
    match = Match.objects.create(
        competition=competition,
        home_team=home_team,
        away_team=away_team,
        start_time=start_time,
        venue=venue,
        round=round,
        stage=stage,
        external_ids=dict(external_ids or {}),
    )
    entries = []
    for side, players in (squads or {}).items():
        entries += [
            MatchPlayer(match=match, player=player, side=side, order=order)
            for order, player in enumerate(players)
        ]
    for side, players in (reserves or {}).items():
        start = sum(entry.side == side for entry in entries)
        entries += [
            MatchPlayer(match=match, player=player, side=side, order=order, is_starting=False)
            for order, player in enumerate(players, start=start)
        ]
    MatchPlayer.objects.bulk_create(entries)
    return match


def matches_create_bulk(
    *, competition: Competition, fixtures: Iterable[Mapping[str, Any]]
) -> list[Match]:
    """Many fixtures without squads in one insert (season imports); each mapping holds
    home_team, away_team, start_time and optionally round, stage, venue, external_ids."""
    return Match.objects.bulk_create(
        Match(competition=competition, **fixture) for fixture in fixtures
    )


def match_find_by_external_id(*, source: str, external_id: str) -> Match | None:
    return Match.objects.filter(**{f"external_ids__{source}": external_id}).first()


def match_reschedule(*, match: Match, start_time: datetime, round: str | None = None) -> bool:
    """Move a fixture's kick-off (and round); True when anything changed. The status is
    the scoring service's to change, so a postponed match keeps it and its history."""
    changes: dict[str, Any] = {}
    if match.start_time != start_time:
        changes["start_time"] = start_time
    if round is not None and match.round != round:
        changes["round"] = round
    if not changes:
        return False
    Match.objects.filter(pk=match.pk).update(**changes)
    for name, value in changes.items():
        setattr(match, name, value)
    return True
