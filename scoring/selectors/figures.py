"""Players' figures read from engines' match details, and leader boards built from them.

Plain Python: each sport names what it counts (football: goals and assists; cricket: runs
and wickets) and where its detail holds them; everything else is sport-neutral."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

PlayerFigures = dict[Any, dict[str, Any]]  # player id → {"name", counters …}


def _add(figures: PlayerFigures, player: Any, name: str | None, **counts: int) -> None:
    if player is None:
        return
    line = figures.setdefault(player, {"name": name or str(player)})
    for key, value in counts.items():
        line[key] = line.get(key, 0) + value


def football_figures(detail: Mapping[str, Any]) -> PlayerFigures:
    figures: PlayerFigures = {}
    for goal in detail.get("goals", []):
        if goal.get("goal_kind") != "own_goal":
            _add(figures, goal.get("scorer"), goal.get("scorer_name"), goals=1)
        _add(figures, goal.get("assist"), goal.get("assist_name"), assists=1)
    return figures


def cricket_figures(detail: Mapping[str, Any]) -> PlayerFigures:
    figures: PlayerFigures = {}
    for innings in detail.get("innings", []):
        for card in innings.get("batting", []):
            _add(figures, card["player"], card.get("name"), runs=card.get("runs", 0))
        for card in innings.get("bowling", []):
            _add(figures, card["player"], card.get("name"), wickets=card.get("wickets", 0))
    return figures


FIGURES: dict[str, Callable[[Mapping[str, Any]], PlayerFigures]] = {
    "football": football_figures,
    "cricket": cricket_figures,
}
BOARDS = {"football": ("goals", "assists"), "cricket": ("runs", "wickets")}


def leaders(
    *, sport: str, details: Iterable[Mapping[str, Any]], limit: int = 10
) -> dict[str, list[dict[str, Any]]]:
    """For each board: the top `limit` players, most first, ties by name."""
    totals: dict[Any, dict[str, Any]] = {}
    matches: dict[Any, int] = defaultdict(int)
    for detail in details:
        for player, line in FIGURES[sport](detail).items():
            total = totals.setdefault(player, {"name": line["name"]})
            matches[player] += 1
            for key, value in line.items():
                if key != "name":
                    total[key] = total.get(key, 0) + value
    boards = {}
    for board in BOARDS[sport]:
        rows = [
            {
                "player": player,
                "name": total["name"],
                "value": total[board],
                "matches": matches[player],
            }
            for player, total in totals.items()
            if total.get(board)
        ]
        rows.sort(key=lambda row: (-row["value"], row["name"]))
        boards[board] = rows[:limit]
    return boards


def player_totals(
    *, sport: str, player: Any, details: Iterable[Mapping[str, Any]]
) -> dict[str, int]:
    totals = dict.fromkeys(BOARDS[sport], 0)
    for detail in details:
        line = FIGURES[sport](detail).get(player)
        for key, value in (line or {}).items():
            if key != "name":
                totals[key] = totals.get(key, 0) + value
    return totals


def football_stats(detail: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "sides": detail.get("stats", {}),
        "cards": detail.get("cards", []),
        "substitutions": detail.get("substitutions", []),
    }


def cricket_stats(detail: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("number", "team", "side", "runs", "wickets", "overs", "run_rate", "extras")
    return {
        "innings": [
            {key: innings.get(key) for key in keys} for innings in detail.get("innings", [])
        ],
        "current": detail.get("current"),
        "target": detail.get("target"),
    }


STATS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "football": football_stats,
    "cricket": cricket_stats,
}


def match_stats(*, sport: str, detail: Mapping[str, Any]) -> dict[str, Any]:
    return STATS[sport](detail) if detail else {}
