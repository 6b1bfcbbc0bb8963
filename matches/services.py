"""Writes of fixtures, teams and squads (never scores: those go through scoring.services)."""

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from livescore.domain_errors import Refusal, RefusalCode, invalid
from matches import read_cache
from matches.models import (
    Competition,
    Match,
    MatchAlert,
    MatchPlayer,
    Player,
    PointsDeduction,
    Team,
    Venue,
)

logger = logging.getLogger(__name__)


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
    return (
        Match.objects.select_related("competition", "home_team", "away_team")
        .filter(**{f"external_ids__{source}": external_id})
        .first()
    )


# --- Running a competition through the API (staff) -------------------------------------
# Each write refreshes the cached API reads after commit: entities shown in many bodies
# bump the catalogue generation, a match's own changes bump that match's.


def _catalogue_changed_on_commit() -> None:
    transaction.on_commit(read_cache.catalogue_changed)


def _match_changed_on_commit(match: Match) -> None:
    transaction.on_commit(
        partial(read_cache.match_changed, match_id=match.pk, competition_id=match.competition_id)
    )


def _apply(instance, changes: Mapping[str, Any]) -> None:
    for name, value in changes.items():
        setattr(instance, name, value)


def _save_unique(instance, *, unique_message: Mapping[str, str]) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise invalid(**unique_message) from None


@transaction.atomic
def competition_create(
    *, name: str, sport: str, season: str = "", rules: Mapping[str, Any] | None = None
) -> Competition:
    competition = Competition(name=name, sport=sport, season=season, rules=dict(rules or {}))
    _save_unique(competition, unique_message={"name": "This competition and season exist."})
    _catalogue_changed_on_commit()
    return competition


@transaction.atomic
def competition_update(*, competition: Competition, **changes: Any) -> Competition:
    if "sport" in changes and changes["sport"] != competition.sport:
        if competition.matches.exists():
            raise invalid(sport="A competition with matches cannot change sport.")
    _apply(competition, changes)
    _save_unique(competition, unique_message={"name": "This competition and season exist."})
    _catalogue_changed_on_commit()
    return competition


@transaction.atomic
def team_create(*, name: str, sport: str, short_name: str = "") -> Team:
    team = Team(name=name, sport=sport, short_name=short_name)
    _save_unique(team, unique_message={"name": "A team of this sport has this name."})
    _catalogue_changed_on_commit()
    return team


@transaction.atomic
def team_update(*, team: Team, **changes: Any) -> Team:
    if "sport" in changes and changes["sport"] != team.sport:
        if Match.objects.filter(Q(home_team=team) | Q(away_team=team)).exists():
            raise invalid(sport="A team with matches cannot change sport.")
    _apply(team, changes)
    _save_unique(team, unique_message={"name": "A team of this sport has this name."})
    _catalogue_changed_on_commit()
    return team


@transaction.atomic
def player_create(*, name: str, team: Team | None = None) -> Player:
    player = Player.objects.create(name=name, team=team)
    _catalogue_changed_on_commit()
    return player


@transaction.atomic
def player_update(*, player: Player, **changes: Any) -> Player:
    _apply(player, changes)
    player.save()
    _catalogue_changed_on_commit()
    return player


@transaction.atomic
def venue_create(*, name: str, city: str = "") -> Venue:
    venue = Venue(name=name, city=city)
    _save_unique(venue, unique_message={"name": "This venue exists in this city."})
    _catalogue_changed_on_commit()
    return venue


@transaction.atomic
def venue_update(*, venue: Venue, **changes: Any) -> Venue:
    _apply(venue, changes)
    _save_unique(venue, unique_message={"name": "This venue exists in this city."})
    _catalogue_changed_on_commit()
    return venue


def check_match_sides(*, competition: Competition, home_team: Team, away_team: Team) -> None:
    if home_team.pk == away_team.pk:
        raise invalid(away_team="A team cannot play itself.")
    for field, team in (("home_team", home_team), ("away_team", away_team)):
        if team.sport != competition.sport:
            raise invalid(**{field: f"{team} plays {team.sport}, not {competition.sport}."})


def _check_not_started(match: Match, field: str) -> None:
    if match.events.exists():
        raise Refusal(
            RefusalCode.CONFLICT,
            "The match has been scored: its sides and line-ups are fixed.",
            fields={field: ["Scoring has begun."]},
        )


@transaction.atomic
def match_schedule(
    *,
    competition: Competition,
    home_team: Team,
    away_team: Team,
    start_time: datetime,
    venue: Venue | None = None,
    round: str = "",
    stage: str = "",
    external_ids: Mapping[str, Any] | None = None,
) -> Match:
    check_match_sides(competition=competition, home_team=home_team, away_team=away_team)
    match = match_create(
        competition=competition,
        home_team=home_team,
        away_team=away_team,
        start_time=start_time,
        venue=venue,
        round=round,
        stage=stage,
        external_ids=external_ids,
    )
    _match_changed_on_commit(match)
    return match


@transaction.atomic
def match_update(*, match: Match, **changes: Any) -> Match:
    """Reschedule or correct a fixture; the status moves only through scoring.services."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    sides = {"competition", "home_team", "away_team"} & set(changes)
    if sides:
        _check_not_started(match, sorted(sides)[0])
        check_match_sides(
            competition=changes.get("competition", match.competition),
            home_team=changes.get("home_team", match.home_team),
            away_team=changes.get("away_team", match.away_team),
        )
    previous_competition_id = match.competition_id
    _apply(match, changes)
    match.save()
    _match_changed_on_commit(match)
    if match.competition_id != previous_competition_id:
        transaction.on_commit(
            partial(
                read_cache.match_changed,
                match_id=match.pk,
                competition_id=previous_competition_id,
            )
        )
    return match


@transaction.atomic
def match_lineup_set(
    *, match: Match, side: str, players: Sequence[tuple[Player, bool]]
) -> list[MatchPlayer]:
    """Replace one side's squad, in order; (player, is_starting) pairs. Before scoring only:
    the engine reads the squads when the first event arrives."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    _check_not_started(match, "players")
    ids = [player.pk for player, _ in players]
    if len(set(ids)) != len(ids):
        raise invalid(players="A player is listed twice.")
    other_side = match.squad.exclude(side=side).filter(player_id__in=ids)
    if other_side.exists():
        raise invalid(players="A player is already in the other side's squad.")
    match.squad.filter(side=side).delete()
    entries = MatchPlayer.objects.bulk_create(
        MatchPlayer(match=match, player=player, side=side, order=order, is_starting=starting)
        for order, (player, starting) in enumerate(players)
    )
    _match_changed_on_commit(match)
    return entries


@transaction.atomic
def match_scorers_set(*, match: Match, scorers: Iterable[Any]) -> Match:
    """Who may score this match (staff always may)."""
    match.scorers.set(list(scorers))
    return match


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
    _match_changed_on_commit(match)
    return True


# --- Points deductions (admin) ------------------------------------------------------------
# A deduction moves the competition's table: its read-cache generation is bumped on commit.


def _competition_changed_on_commit(competition_id: int) -> None:
    transaction.on_commit(partial(read_cache.competition_changed, competition_id=competition_id))


def _check_deduction_team(competition: Competition, team: Team) -> None:
    if team.sport != competition.sport:
        raise invalid(team=f"{team} plays {team.sport}, not {competition.sport}.")


@transaction.atomic
def points_deduction_record(
    *,
    competition: Competition,
    team: Team,
    points: int,
    reason: str,
    decided_on: Any = None,
) -> PointsDeduction:
    _check_deduction_team(competition, team)
    deduction = PointsDeduction.objects.create(
        competition=competition, team=team, points=points, reason=reason, decided_on=decided_on
    )
    _competition_changed_on_commit(competition.pk)
    return deduction


@transaction.atomic
def points_deduction_update(*, deduction: PointsDeduction, **changes: Any) -> PointsDeduction:
    _apply(deduction, changes)
    _check_deduction_team(deduction.competition, deduction.team)
    deduction.save()
    _competition_changed_on_commit(deduction.competition_id)
    return deduction


@transaction.atomic
def points_deduction_remove(*, deduction: PointsDeduction) -> None:
    competition_id = deduction.competition_id
    deduction.delete()
    _competition_changed_on_commit(competition_id)


# --- Match alerts -------------------------------------------------------------------------


@transaction.atomic
def match_alert_resolve(*, alert: MatchAlert, by: Any) -> bool:
    """Mark an open alert resolved; False when it was resolved already (by a lifecycle job
    or another member of staff). Logged with who resolved it."""
    alert = MatchAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.resolved_at is not None:
        return False
    alert.resolved_at = timezone.now()
    alert.save(update_fields=["resolved_at"])
    logger.info(
        "match alert %s (%s, match %s) resolved by %s",
        alert.pk,
        alert.kind,
        alert.match_id,
        getattr(by, "pk", by),
        extra={
            "alert_id": alert.pk,
            "match_id": alert.match_id,
            "resolved_by": getattr(by, "pk", None),
        },
    )
    return True


# --- Removing what admin lists ------------------------------------------------------------
# A scored match, and whatever a match stands on, is protected by its foreign keys (admin
# shows what stops the removal before it asks). Cached bodies that showed it go on commit.


@transaction.atomic
def match_delete(*, match: Match) -> None:
    match_id, competition_id = match.pk, match.competition_id
    match.delete()
    transaction.on_commit(
        partial(read_cache.match_changed, match_id=match_id, competition_id=competition_id)
    )


@transaction.atomic
def catalogue_entry_delete(*, entry: Competition | Team | Player | Venue) -> None:
    """Remove a competition, team, player or venue (shown in many cached bodies)."""
    entry.delete()
    _catalogue_changed_on_commit()
