"""A cricket league table: points for a win, tie or no result, then net run rate.

Net run rate (ICC playing conditions): runs scored per over faced minus runs conceded
per over bowled, over the season. The cricket engine supplies each side's figures per
match with the Laws already applied: a side bowled out counts its full quota of balls
faced, and a side chasing a revised (DLS) target counts the revised overs. Matches
with no result are left out of net run rate.

"As it stands" (`live`): a match in play has no result yet, so it adds no points and is not
counted as played, but its innings so far count in both sides' net run rate, as the
broadcasters' live tables show it; the rows of the sides playing are marked `is_live`.

Settings: points {"win": 2, "tie": 1, "no_result": 1, "loss": 0}, balls_per_over (6),
tie_breakers (ordered, from "wins", "net_run_rate"), deductions, zones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

TeamRef = int | str
OUTCOMES = ("win", "tie", "no_result")
DEFAULT_POINTS = {"win": 2, "tie": 1, "no_result": 1, "loss": 0}


@dataclass(frozen=True)
class SideFigures:
    team: TeamRef
    runs_scored: int
    balls_faced: int
    runs_conceded: int
    balls_bowled: int


@dataclass(frozen=True)
class CricketResult:
    teams: tuple[TeamRef, TeamRef]
    outcome: str  # win | tie | no_result
    winner: TeamRef | None = None
    figures: tuple[SideFigures, ...] = ()


@dataclass(frozen=True)
class MatchInPlay:
    """A live match counted as it stands: each side's figures so far."""

    teams: tuple[TeamRef, TeamRef]
    figures: tuple[SideFigures, ...] = ()


@dataclass
class _Line:
    team: TeamRef
    played: int = 0
    won: int = 0
    lost: int = 0
    tied: int = 0
    no_result: int = 0
    points: int = 0
    runs_for: int = 0
    balls_for: int = 0
    runs_against: int = 0
    balls_against: int = 0
    deductions: list[dict[str, Any]] = field(default_factory=list)
    is_live: bool = False

    def add_figures(self, figures: SideFigures) -> None:
        self.runs_for += figures.runs_scored
        self.balls_for += figures.balls_faced
        self.runs_against += figures.runs_conceded
        self.balls_against += figures.balls_bowled

    def net_run_rate(self, balls_per_over: int) -> Fraction:
        if not self.balls_for or not self.balls_against:
            return Fraction(0)
        scored = Fraction(self.runs_for * balls_per_over, self.balls_for)
        conceded = Fraction(self.runs_against * balls_per_over, self.balls_against)
        return scored - conceded


def cricket_table(
    results: Iterable[CricketResult],
    *,
    settings: Mapping[str, Any] | None = None,
    live: Iterable[MatchInPlay] = (),
) -> list[dict[str, Any]]:
    """The ordered table rows; `live` adds matches in play to net run rate as they stand."""
    settings = settings or {}
    points = {**DEFAULT_POINTS, **settings.get("points", {})}
    balls_per_over = settings.get("balls_per_over", 6)
    lines: dict[TeamRef, _Line] = {}
    for result in results:
        if result.outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, not {result.outcome!r}")
        for team in result.teams:
            _record(lines.setdefault(team, _Line(team)), result, points)
        if result.outcome != "no_result":
            for figures in result.figures:
                lines.setdefault(figures.team, _Line(figures.team)).add_figures(figures)
    for match in live:
        for team in match.teams:
            lines.setdefault(team, _Line(team)).is_live = True
        for figures in match.figures:
            lines.setdefault(figures.team, _Line(figures.team)).add_figures(figures)
    for deduction in settings.get("deductions", []):
        lines[deduction["team"]].deductions.append(
            {"points": deduction["points"], "reason": deduction.get("reason", "")}
        )
    tie_breakers = settings.get("tie_breakers", ["wins", "net_run_rate"])

    def key(line: _Line) -> tuple:
        criteria = {"wins": line.won, "net_run_rate": line.net_run_rate(balls_per_over)}
        total = line.points - sum(item["points"] for item in line.deductions)
        return (-total, *(-criteria[name] for name in tie_breakers), str(line.team))

    ordered = sorted(lines.values(), key=key)
    return [_row(position, line, settings, balls_per_over) for position, line in
            enumerate(ordered, start=1)]  # fmt: skip


def _record(line: _Line, result: CricketResult, points: Mapping[str, int]) -> None:
    line.played += 1
    if result.outcome == "no_result":
        line.no_result += 1
        line.points += points["no_result"]
    elif result.outcome == "tie":
        line.tied += 1
        line.points += points["tie"]
    elif result.winner == line.team:
        line.won += 1
        line.points += points["win"]
    else:
        line.lost += 1
        line.points += points["loss"]


def overs(balls: int, balls_per_over: int) -> str:
    """Overs as cricket writes them: 19.4 is nineteen overs and four balls."""
    return f"{balls // balls_per_over}.{balls % balls_per_over}"


def _row(
    position: int, line: _Line, settings: Mapping[str, Any], balls_per_over: int
) -> dict[str, Any]:
    zone = next(
        (z["name"] for z in settings.get("zones", []) if z["from"] <= position <= z["to"]), None
    )
    return {
        "position": position,
        "team": line.team,
        "played": line.played,
        "won": line.won,
        "lost": line.lost,
        "tied": line.tied,
        "no_result": line.no_result,
        "points": line.points - sum(item["points"] for item in line.deductions),
        "net_run_rate": round(float(line.net_run_rate(balls_per_over)), 3),
        "runs_for": line.runs_for,
        "overs_for": overs(line.balls_for, balls_per_over),
        "runs_against": line.runs_against,
        "overs_against": overs(line.balls_against, balls_per_over),
        "zone": zone,
        "deductions": list(line.deductions),
        "is_live": line.is_live,
    }
