"""Worm and Manhattan charts as inline SVG geometry, drawn on the server.

The template turns these numbers into <svg>; no script is needed to see a chart, and an
update is just a fresh fragment from the server."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

WIDTH, HEIGHT = 320, 160
LEFT, BOTTOM, TOP, RIGHT = 28, 18, 8, 6
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass
class Axis:
    ticks_x: list[tuple[float, str]] = field(default_factory=list)
    ticks_y: list[tuple[float, str]] = field(default_factory=list)


@dataclass
class WormLine:
    name: str
    points: str  # the SVG polyline "x,y x,y …"
    wickets: list[tuple[float, float]]
    series: int  # 1 or 2: which colour


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    over: int
    runs: int
    wickets: int


@dataclass
class Chart:
    width: int
    height: int
    left: int
    bottom: float
    right: float
    axis: Axis
    description: str
    lines: list[WormLine] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)


def _nice_max(value: int) -> int:
    for step in (10, 20, 25, 50, 100):
        if value <= step * 5:
            return max(step, -(-value // step) * step)
    return -(-value // 100) * 100


def _x(over: float, overs: int) -> float:
    return round(LEFT + PLOT_W * over / max(overs, 1), 1)


def _y(runs: float, top: int) -> float:
    return round(TOP + PLOT_H * (1 - runs / top), 1)


def _axes(overs: int, top: int) -> Axis:
    step_x = max(1, -(-overs // 5))
    step_y = top // 5
    return Axis(
        ticks_x=[(_x(o, overs), str(o)) for o in range(0, overs + 1, step_x)],
        ticks_y=[(_y(r, top), str(r)) for r in range(0, top + 1, step_y)],
    )


def worm(innings: Sequence[dict[str, Any]], *, limit_overs: int | None = None) -> Chart | None:
    """Cumulative runs after each over, one line per (main) innings."""
    main = [item for item in innings if not item.get("is_super_over")]
    if not any(item["runs_per_over"] for item in main):
        return None
    overs = max([limit_overs or 0, *(len(item["runs_per_over"]) for item in main)])
    totals = [list(accumulate(item["runs_per_over"])) for item in main]
    top = _nice_max(max((t[-1] for t in totals if t), default=0))
    lines = []
    for number, (item, running) in enumerate(zip(main, totals, strict=True)):
        points = [(_x(0, overs), _y(0, top))]
        points += [(_x(o + 1, overs), _y(r, top)) for o, r in enumerate(running)]
        falls = item.get("wickets_per_over") or []
        wickets = [
            (_x(o + 1, overs), _y(running[o], top))
            for o, count in enumerate(falls)
            if count and o < len(running)
        ]
        lines.append(
            WormLine(
                name=item["team"],
                points=" ".join(f"{x},{y}" for x, y in points),
                wickets=wickets,
                series=number % 2 + 1,
            )
        )
    description = "; ".join(
        f"{item['team']} {running[-1] if running else 0} after {_count(len(running), 'over')}"
        for item, running in zip(main, totals, strict=True)
    )
    return Chart(
        WIDTH, HEIGHT, LEFT, _y(0, top), WIDTH - RIGHT, _axes(overs, top), description, lines=lines
    )


def manhattan(item: dict[str, Any], *, limit_overs: int | None = None) -> Chart | None:
    """Runs in each over of one innings as bars; overs with wickets are marked."""
    runs_per_over = item["runs_per_over"]
    if not runs_per_over:
        return None
    overs = max(limit_overs or 0, len(runs_per_over))
    top = _nice_max(max(runs_per_over) or 1) if max(runs_per_over) > 10 else 10
    falls = list(item.get("wickets_per_over") or [])
    slot = PLOT_W / overs
    bars = []
    for number, runs in enumerate(runs_per_over):
        y = _y(runs, top)
        bars.append(
            Bar(
                x=round(LEFT + slot * number + slot * 0.15, 1),
                y=y,
                width=round(slot * 0.7, 1),
                height=round(_y(0, top) - y, 1),
                over=number + 1,
                runs=runs,
                wickets=falls[number] if number < len(falls) else 0,
            )
        )
    best = max(bars, key=lambda bar: bar.runs)
    description = (
        f"{item['team']}: {_count(sum(runs_per_over), 'run')}"
        f" in {_count(len(runs_per_over), 'over')}; "
        f"most in an over {best.runs} (over {best.over})"
    )
    return Chart(
        WIDTH, HEIGHT, LEFT, _y(0, top), WIDTH - RIGHT, _axes(overs, top), description, bars=bars
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
