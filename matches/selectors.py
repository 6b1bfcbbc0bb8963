"""Reads of fixtures and matches for pages, API and consumers."""

from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from matches.lifecycle import LIVE_STATUSES, Status
from matches.models import Competition, Match, MatchPlayer, Player, Team

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


def home_page_matches(*, now: datetime | None = None) -> dict[str, list[Match]]:
    now = now or timezone.now()
    today_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    base = match_list()
    return {
        "live": list(base.filter(status__in=LIVE_STATUSES)),
        "today": list(
            base.filter(
                start_time__gte=today_start, start_time__lt=today_start + timedelta(days=1)
            ).exclude(status__in=LIVE_STATUSES)
        ),
        "upcoming": list(
            base.filter(status=Status.SCHEDULED, start_time__gte=today_start + timedelta(days=1))[
                :20
            ]
        ),
        "recent": list(base.filter(status=Status.FINISHED).order_by("-start_time")[:20]),
    }


def match_get(*, match_id: int) -> Match | None:
    return match_list().filter(pk=match_id).first()


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


def competition_get(*, competition_id: int) -> Competition | None:
    return Competition.objects.filter(pk=competition_id).first()


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


def team_get(*, team_id: int) -> Team | None:
    return Team.objects.filter(pk=team_id).first()


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
