"""Reads of fixtures and matches for pages, API and consumers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from matches.lifecycle import LIVE_STATUSES, Status
from matches.models import Competition, Match, MatchPlayer, Player, PointsDeduction, Team

HOME_SECTION_LIMIT = 20
OPEN_STATUSES = frozenset({Status.SCHEDULED, Status.POSTPONED, *LIVE_STATUSES})
SETTLED_STATUSES = frozenset({Status.FINISHED, Status.ABANDONED, Status.CANCELLED})


def match_list(
    *,
    status: str | None = None,
    on_date: date | None = None,
    sport: str | None = None,
    competition_id: int | None = None,
) -> QuerySet[Match]:
    matches = Match.objects.select_related(
        "competition", "home_team", "away_team", "venue", "scoreboard"
    )
    if status:
        matches = matches.filter(status=status)
    if on_date:
        start = timezone.make_aware(datetime.combine(on_date, time.min))
        matches = matches.filter(start_time__gte=start, start_time__lt=start + timedelta(days=1))
    if sport:
        matches = matches.filter(competition__sport=sport)
    if competition_id:
        matches = matches.filter(competition_id=competition_id)
    return matches.order_by("start_time", "id")


@dataclass(frozen=True)
class FavouriteIds:
    """What a fan follows; a match is a favourite if it or either team or its competition is."""

    teams: frozenset[int] = frozenset()
    competitions: frozenset[int] = frozenset()
    matches: frozenset[int] = frozenset()

    def covers(self, match: Match) -> bool:
        return (
            match.pk in self.matches
            or match.competition_id in self.competitions
            or match.home_team_id in self.teams
            or match.away_team_id in self.teams
        )


@dataclass
class CompetitionGroup:
    competition: Competition
    matches: list[Match] = field(default_factory=list)


@dataclass
class HomePage:
    live: list[CompetitionGroup]
    today: list[Match]
    upcoming: list[Match]
    recent: list[Match]
    favourite_match_ids: frozenset[int]
    # The signed-in fan's own section: their favourites' matches among those above, live
    # first; None for a visitor (no section), [] for a fan who follows nothing shown.
    favourites: list[Match] | None = None


def favourite_ids_get(*, user: Any) -> FavouriteIds:
    if user is None or not user.is_authenticated:
        return FavouriteIds()
    rows = user.favourites.values_list("team_id", "competition_id", "match_id")
    teams, competitions, matches = set(), set(), set()
    for team_id, competition_id, match_id in rows:
        if team_id:
            teams.add(team_id)
        if competition_id:
            competitions.add(competition_id)
        if match_id:
            matches.add(match_id)
    return FavouriteIds(frozenset(teams), frozenset(competitions), frozenset(matches))


def _favourites_first(matches: Iterable[Match], favourites: FavouriteIds) -> list[Match]:
    # sorted() is stable: within each half the time order of the query is kept.
    return sorted(matches, key=lambda match: not favourites.covers(match))


def home_page_get(
    *, now: datetime | None = None, sport: str | None = None, user: Any = None
) -> HomePage:
    """Live (grouped by competition), today, upcoming and recent, in the active time zone."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    today_start = timezone.make_aware(datetime.combine(today, time.min))
    tomorrow_start = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    favourites = favourite_ids_get(user=user)
    base = match_list(sport=sport)

    live_matches = _favourites_first(base.filter(status__in=LIVE_STATUSES), favourites)
    groups: dict[int, CompetitionGroup] = {}
    for match in live_matches:
        group = groups.setdefault(match.competition_id, CompetitionGroup(match.competition))
        group.matches.append(match)

    today_matches = base.filter(start_time__gte=today_start, start_time__lt=tomorrow_start)
    upcoming = base.filter(status=Status.SCHEDULED, start_time__gte=tomorrow_start)
    recent = base.filter(status=Status.FINISHED).order_by("-start_time", "-id")
    all_shown = [*live_matches]
    sections = {}
    for name, queryset in (
        ("today", today_matches.exclude(status__in=LIVE_STATUSES)),
        ("upcoming", upcoming),
        ("recent", recent),
    ):
        sections[name] = _favourites_first(queryset[:HOME_SECTION_LIMIT], favourites)
        all_shown += sections[name]
    mine = list({m.pk: m for m in all_shown if favourites.covers(m)}.values())
    return HomePage(
        live=list(groups.values()),
        favourite_match_ids=frozenset(m.pk for m in mine),
        favourites=mine[:HOME_SECTION_LIMIT] if user and user.is_authenticated else None,
        **sections,
    )


def home_page_matches(*, now: datetime | None = None) -> dict[str, list[Match]]:
    page = home_page_get(now=now)
    return {
        "live": [match for group in page.live for match in group.matches],
        "today": page.today,
        "upcoming": page.upcoming,
        "recent": page.recent,
    }


def match_get(*, match_id: int) -> Match | None:
    return match_list().filter(pk=match_id).first()


def competition_get(*, competition_id: int) -> Competition | None:
    return Competition.objects.filter(pk=competition_id).first()


def competition_rounds_get(*, competition: Competition) -> list[tuple[str, list[Match]]]:
    """Fixtures and results grouped by round, rounds in the order they are first played."""
    rounds: dict[str, list[Match]] = {}
    for match in match_list(competition_id=competition.pk):
        rounds.setdefault(match.round or "Matches", []).append(match)
    return list(rounds.items())


def competition_version_get(*, competition_id: int) -> str:
    """Changes whenever any of the competition's matches is scored or changes status, or a
    points deduction is entered, changed or removed (the table shows them)."""
    # Every event, status changes included, advances its match's seq.
    figures = Match.objects.filter(competition_id=competition_id).aggregate(
        seq=Sum("scoreboard__seq"), count=Count("id"), changed=Max("status_changed_at")
    )
    deducted = PointsDeduction.objects.filter(competition_id=competition_id).aggregate(
        count=Count("id"), points=Sum("points"), latest=Max("id")
    )
    changed = figures["changed"].timestamp() if figures["changed"] else 0
    deductions = f"{deducted['count']}.{deducted['points'] or 0}.{deducted['latest'] or 0}"
    return f"{competition_id}-{figures['seq'] or 0}-{figures['count']}-{changed:.0f}-{deductions}"


def team_get(*, team_id: int) -> Team | None:
    return Team.objects.filter(pk=team_id).first()


def team_matches_get(*, team: Team) -> tuple[list[Match], list[Match]]:
    """(fixtures, results): fixtures soonest first, results latest first."""
    matches = match_list().filter(Q(home_team=team) | Q(away_team=team))
    fixtures = list(matches.exclude(status=Status.FINISHED))
    results = list(matches.filter(status=Status.FINISHED).order_by("-start_time", "-id"))
    return fixtures, results


def team_squad_get(*, team: Team) -> list[Player]:
    return list(Player.objects.filter(team=team).order_by("name"))


def match_version_get(*, match_id: int) -> str | None:
    """The match's seq and status: what a fragment's ETag is made of."""
    row = Match.objects.filter(pk=match_id).values_list("status", "scoreboard__seq").first()
    if row is None:
        return None
    status, seq = row
    return f"{seq or 0}-{status}"


def matches_live() -> QuerySet[Match]:
    return match_list().filter(status__in=LIVE_STATUSES)


def matches_on_day(*, day: date, time_zone: tzinfo) -> QuerySet[Match]:
    """The matches starting on `day` as the caller's clock sees it."""
    start = datetime.combine(day, time.min, tzinfo=time_zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=time_zone)
    return match_list().filter(start_time__gte=start, start_time__lt=end)


def matches_upcoming(*, days: int, now: datetime | None = None) -> QuerySet[Match]:
    now = now or timezone.now()
    return match_list().filter(
        status=Status.SCHEDULED, start_time__gte=now, start_time__lt=now + timedelta(days=days)
    )


def competition_list() -> QuerySet[Competition]:
    return Competition.objects.order_by("name", "season", "id")


def competition_fixtures(*, competition: Competition) -> QuerySet[Match]:
    """Matches still to be decided, soonest first."""
    return match_list(competition_id=competition.pk).filter(status__in=OPEN_STATUSES)


def competition_results(*, competition: Competition) -> QuerySet[Match]:
    """Matches that are over, latest first."""
    return (
        match_list(competition_id=competition.pk)
        .filter(status__in=SETTLED_STATUSES)
        .order_by("-start_time", "-id")
    )


def team_matches(*, team: Team) -> QuerySet[Match]:
    return match_list().filter(Q(home_team=team) | Q(away_team=team))


def team_squad(*, team: Team) -> QuerySet[Player]:
    return team.players.order_by("name", "id")


def team_competitions(*, team: Team) -> QuerySet[Competition]:
    return (
        Competition.objects.filter(Q(matches__home_team=team) | Q(matches__away_team=team))
        .distinct()
        .order_by("-season", "name", "id")
    )


def player_get(*, player_id: int) -> Player | None:
    return Player.objects.select_related("team").filter(pk=player_id).first()


def player_appearances(*, player: Player) -> QuerySet[MatchPlayer]:
    return (
        MatchPlayer.objects.filter(player=player)
        .select_related("match__competition", "match__scoreboard")
        .order_by("-match__start_time")
    )


def match_lineups(*, match: Match) -> dict[str, list[MatchPlayer]]:
    squad = match.squad.select_related("player").order_by("side", "order", "id")
    sides: dict[str, list[MatchPlayer]] = {"home": [], "away": []}
    for entry in squad:
        sides[entry.side].append(entry)
    return sides


def team_record(*, team: Team) -> list[dict]:
    """Per competition: played, won, lost and other results (draws, ties, no result), from
    the engines' results of the team's finished matches."""
    lines: dict[int, dict] = {}
    finished = team_matches(team=team).filter(status=Status.FINISHED)
    for match in finished:
        line = lines.setdefault(
            match.competition_id,
            {"competition": match.competition, "played": 0, "won": 0, "lost": 0, "other": 0},
        )
        board = getattr(match, "scoreboard", None)
        result = (board.summary or {}).get("result") if board else None
        if not result:
            continue  # finished but no result recorded yet: not counted
        side = "home" if match.home_team_id == team.pk else "away"
        line["played"] += 1
        winner = result.get("winner")
        line["won" if winner == side else "other" if winner is None else "lost"] += 1
    return sorted(
        lines.values(),
        key=lambda line: (line["competition"].season, line["competition"].name),
        reverse=True,
    )
