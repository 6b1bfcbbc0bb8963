"""A football league table from results, with the competition's ordered tie-breakers.

Settings (a plain dict an admin edits; every key optional):

    points:        {"win": 3, "draw": 1, "loss": 0}
    ranking:       "points" | "points_per_match"   (Ligue 1 2019-20 was stopped early)
    tie_breakers:  ordered names from TIE_BREAKERS, applied to teams still level
    deductions:    [{"team": ..., "points": 9, "reason": "..."}]
    manual_order:  [team, ...]  (the "manual" tie-breaker: a play-off or a league decision)
    head_to_head_meetings: 2  (head-to-head counts only once every pair of the tied teams
                   has met this often, as La Liga and the LFP rule; None counts whatever
                   was played)
    zones:         [{"name": "relegation", "from": 18, "to": 20}, ...]
    form_length:   5

Form lists the team's latest results oldest first, most recent LAST, in the order the
results were given (callers pass them in playing order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

TeamRef = int | str

DEFAULT_POINTS = {"win": 3, "draw": 1, "loss": 0}
RANKINGS = ("points", "points_per_match")


@dataclass(frozen=True)
class MatchResult:
    home: TeamRef
    away: TeamRef
    home_goals: int
    away_goals: int
    awarded: bool = False
    # A live match's current score, counted "as it stands".
    provisional: bool = False
    played_on: str | None = None


@dataclass
class Record:
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    goals_for: int = 0
    goals_against: int = 0
    points: int = 0

    def add(self, scored: int, conceded: int, points: Mapping[str, int]) -> str:
        self.played += 1
        self.goals_for += scored
        self.goals_against += conceded
        if scored > conceded:
            self.won += 1
            self.points += points["win"]
            return "W"
        if scored == conceded:
            self.drawn += 1
            self.points += points["draw"]
            return "D"
        self.lost += 1
        self.points += points["loss"]
        return "L"

    def as_dict(self) -> dict[str, int]:
        return {
            "played": self.played,
            "won": self.won,
            "drawn": self.drawn,
            "lost": self.lost,
            "goals_for": self.goals_for,
            "goals_against": self.goals_against,
            "goal_difference": self.goals_for - self.goals_against,
            "points": self.points,
        }


@dataclass
class TeamLine:
    team: TeamRef
    total: Record = field(default_factory=Record)
    home: Record = field(default_factory=Record)
    away: Record = field(default_factory=Record)
    form: list[str] = field(default_factory=list)
    deductions: list[dict[str, Any]] = field(default_factory=list)
    awarded: list[dict[str, Any]] = field(default_factory=list)
    is_live: bool = False

    @property
    def points(self) -> int:
        return self.total.points - sum(item["points"] for item in self.deductions)


class StandingsSettingsError(ValueError):
    """The competition settings name something the table cannot do."""


def standings_table(
    results: Iterable[MatchResult],
    *,
    settings: Mapping[str, Any] | None = None,
    teams: Iterable[TeamRef] = (),
    live: Iterable[MatchResult] = (),
) -> list[dict[str, Any]]:
    """The ordered table rows; `live` adds live matches' current scores as provisional."""
    settings = settings or {}
    points = {**DEFAULT_POINTS, **settings.get("points", {})}
    ranking = settings.get("ranking", "points")
    if ranking not in RANKINGS:
        raise StandingsSettingsError(f"ranking must be one of {RANKINGS}, not {ranking!r}")
    tie_breakers = list(settings.get("tie_breakers", ["goal_difference", "goals_for"]))
    unknown = [name for name in tie_breakers if name not in TIE_BREAKERS]
    if unknown:
        raise StandingsSettingsError(
            f"unknown tie-breakers {unknown}; known: {sorted(TIE_BREAKERS)}"
        )

    counted = [*results, *(_provisional(match) for match in live)]
    lines = _accumulate(counted, teams, points, settings.get("form_length", 5))
    for deduction in settings.get("deductions", []):
        line = lines.get(deduction["team"])
        if line is None:
            raise StandingsSettingsError(f"deduction for unknown team {deduction['team']!r}")
        line.deductions.append(
            {"points": deduction["points"], "reason": deduction.get("reason", "")}
        )

    context = _Context(counted, points, settings)
    primary = _primary_key(ranking)
    ordered = _order(list(lines.values()), [primary, *tie_breakers], context)
    return [_row(position, line, settings) for position, line in enumerate(ordered, start=1)]


def _provisional(match: MatchResult) -> MatchResult:
    return MatchResult(
        home=match.home,
        away=match.away,
        home_goals=match.home_goals,
        away_goals=match.away_goals,
        awarded=match.awarded,
        provisional=True,
        played_on=match.played_on,
    )


def _accumulate(
    results: Sequence[MatchResult],
    teams: Iterable[TeamRef],
    points: Mapping[str, int],
    form_length: int,
) -> dict[TeamRef, TeamLine]:
    lines: dict[TeamRef, TeamLine] = {team: TeamLine(team) for team in teams}
    for match in results:
        home = lines.setdefault(match.home, TeamLine(match.home))
        away = lines.setdefault(match.away, TeamLine(match.away))
        home.form.append(home.total.add(match.home_goals, match.away_goals, points))
        home.home.add(match.home_goals, match.away_goals, points)
        away.form.append(away.total.add(match.away_goals, match.home_goals, points))
        away.away.add(match.away_goals, match.home_goals, points)
        if match.provisional:
            home.is_live = away.is_live = True
        if match.awarded:
            score = f"{match.home_goals}-{match.away_goals}"
            home.awarded.append({"opponent": match.away, "venue": "home", "score": score})
            away.awarded.append({"opponent": match.home, "venue": "away", "score": score})
    for line in lines.values():
        line.form = line.form[-form_length:] if form_length else []
    return lines


class _Context:
    """What the tie-breakers read: every result, for head-to-head mini-leagues."""

    def __init__(
        self, results: Sequence[MatchResult], points: Mapping[str, int], settings: Mapping
    ) -> None:
        self.results = results
        self.points = points
        self.manual_order = list(settings.get("manual_order", []))
        self.meetings = settings.get("head_to_head_meetings", 2)

    def is_complete(self, group: Sequence[TeamLine]) -> bool:
        """Whether every pair of the group has met as often as the season schedules."""
        if not self.meetings:
            return True
        members = {line.team for line in group}
        met: dict[frozenset[TeamRef], int] = {}
        for match in self.results:
            if match.home in members and match.away in members:
                pair = frozenset((match.home, match.away))
                met[pair] = met.get(pair, 0) + 1
        pairs = len(members) * (len(members) - 1) // 2
        return len(met) == pairs and all(count >= self.meetings for count in met.values())

    def mini_league(self, group: Sequence[TeamLine]) -> dict[TeamRef, Record]:
        members = {line.team for line in group}
        records = {team: Record() for team in members}
        for match in self.results:
            if match.home in members and match.away in members and match.home != match.away:
                records[match.home].add(match.home_goals, match.away_goals, self.points)
                records[match.away].add(match.away_goals, match.home_goals, self.points)
        return records

    def away_goals_between(self, group: Sequence[TeamLine]) -> dict[TeamRef, int]:
        members = {line.team for line in group}
        goals = dict.fromkeys(members, 0)
        for match in self.results:
            if match.home in members and match.away in members:
                goals[match.away] += match.away_goals
        return goals


# A key function gets the group of teams still level and returns a sort key per team
# (bigger is better). Head-to-head keys are computed among the group only.
KeyFunction = Callable[[Sequence[TeamLine], _Context], dict[TeamRef, Any]]


def _per_team(value: Callable[[TeamLine], Any]) -> KeyFunction:
    return lambda group, _context: {line.team: value(line) for line in group}


def _head_to_head(*parts: str) -> KeyFunction:
    def key(group: Sequence[TeamLine], context: _Context) -> dict[TeamRef, Any]:
        if not context.is_complete(group):
            return {line.team: 0 for line in group}
        records = context.mini_league(group)
        values = {
            "points": lambda record: record.points,
            "goal_difference": lambda record: record.goals_for - record.goals_against,
            "goals_for": lambda record: record.goals_for,
        }
        return {
            team: tuple(values[part](record) for part in parts) for team, record in records.items()
        }

    return key


def _head_to_head_away_goals(group: Sequence[TeamLine], context: _Context) -> dict[TeamRef, Any]:
    if not context.is_complete(group):
        return {line.team: 0 for line in group}
    return context.away_goals_between(group)


def _manual(group: Sequence[TeamLine], context: _Context) -> dict[TeamRef, Any]:
    order = context.manual_order
    return {
        line.team: -order.index(line.team) if line.team in order else -len(order) for line in group
    }


TIE_BREAKERS: dict[str, KeyFunction] = {
    "goal_difference": _per_team(lambda line: line.total.goals_for - line.total.goals_against),
    "goals_for": _per_team(lambda line: line.total.goals_for),
    "wins": _per_team(lambda line: line.total.won),
    "away_goals": _per_team(lambda line: line.away.goals_for),
    "away_wins": _per_team(lambda line: line.away.won),
    "fewer_losses": _per_team(lambda line: -line.total.lost),
    # La Liga / Serie A: a mini-league among the tied teams, points then goal difference
    # then goals, computed once over the whole group.
    "head_to_head": _head_to_head("points", "goal_difference", "goals_for"),
    # The same criteria one at a time, each recomputed among the teams still level
    # (UEFA style re-application).
    "head_to_head_points": _head_to_head("points"),
    "head_to_head_goal_difference": _head_to_head("goal_difference"),
    "head_to_head_goals_for": _head_to_head("goals_for"),
    "head_to_head_away_goals": _head_to_head_away_goals,
    "manual": _manual,
}


def _primary_key(ranking: str) -> str:
    return "__" + ranking


def _points(group: Sequence[TeamLine], _context: _Context) -> dict[TeamRef, Any]:
    return {line.team: line.points for line in group}


def _points_per_match(group: Sequence[TeamLine], _context: _Context) -> dict[TeamRef, Any]:
    # Exact fractions: 41/28 and 41/28 are level, not nearly level.
    return {
        line.team: Fraction(line.points, line.total.played) if line.total.played else Fraction(0)
        for line in group
    }


PRIMARY: dict[str, KeyFunction] = {"__points": _points, "__points_per_match": _points_per_match}


def _order(group: list[TeamLine], criteria: list[str], context: _Context) -> list[TeamLine]:
    """Split the group by the first criterion, then order each level subgroup by the rest."""
    if len(group) <= 1:
        return group
    if not criteria:
        # Still level after every tie-breaker: a stable, documented order by team.
        return sorted(group, key=lambda line: str(line.team))
    name, rest = criteria[0], criteria[1:]
    keys = (PRIMARY.get(name) or TIE_BREAKERS[name])(group, context)
    ordered: list[TeamLine] = []
    for value in sorted(set(keys.values()), reverse=True):
        level = [line for line in group if keys[line.team] == value]
        ordered.extend(_order(level, rest, context))
    return ordered


def _row(position: int, line: TeamLine, settings: Mapping[str, Any]) -> dict[str, Any]:
    total = line.total.as_dict()
    total["points"] = line.points
    played = line.total.played
    return {
        "position": position,
        "team": line.team,
        **total,
        "points_per_match": round(line.points / played, 2) if played else 0.0,
        "form": list(line.form),
        "zone": _zone(position, settings.get("zones", [])),
        "deductions": list(line.deductions),
        "awarded": list(line.awarded),
        "is_live": line.is_live,
        "home": line.home.as_dict(),
        "away": line.away.as_dict(),
    }


def _zone(position: int, zones: Iterable[Mapping[str, Any]]) -> str | None:
    for zone in zones:
        if zone["from"] <= position <= zone["to"]:
            return zone["name"]
    return None
