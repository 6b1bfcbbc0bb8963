"""What a match centre shows, read from the projection and the log.

The engines own the scorecard (`detail()`); this module only arranges it for the page:
commentary, charts, a football timeline with names, statistics as bar widths."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from matches.models import Match, MatchPlayer
from scoring.pages import charts
from scoring.rules.engines import engine_for
from scoring.rules.replay import events_in_force
from scoring.selectors import match_log_get, match_setup_get
from scoring.selectors.as_at import match_as_at_get
from scoring.selectors.commentary import CommentaryLine, cricket_commentary
from scoring.selectors.corrections import match_corrections_get

COMMENTARY_LINES = 60
CENTRE_CACHE_SECONDS = 300
PERIOD_LABELS = {
    "first_half": "First half",
    "second_half": "Second half",
    "extra_time_first": "Extra time first half",
    "extra_time_second": "Extra time second half",
    "penalty_shootout": "Penalty shoot-out",
}
STAT_LABELS = {
    "possession": "Possession %",
    "shots": "Shots",
    "shots_on_target": "Shots on target",
    "corners": "Corners",
    "fouls": "Fouls",
    "offsides": "Offsides",
    "saves": "Saves",
}


@dataclass
class MatchCentre:
    seq: int
    status: str
    sport: str
    detail: dict[str, Any]
    summary: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


def match_centre_get(*, match: Match, at: int | None = None) -> MatchCentre:
    """Cached per (match, seq, status): every fan of a match shares one rendering's data.
    With `at`, the centre as the match stood after that log entry."""
    board = getattr(match, "scoreboard", None)
    seq = board.seq if board else 0
    state = board.state if board else None
    if at is not None and at < seq:
        past = match_as_at_get(match=match, seq=at)
        seq, state = past.seq, past.state
    key = f"centre:{match.pk}:{seq}:{match.status}"
    centre = cache.get(key)
    if centre is None:
        centre = _build(match=match, state=state, seq=seq)
        cache.set(key, centre, CENTRE_CACHE_SECONDS)
    return centre


def _build(*, match: Match, state: dict[str, Any] | None, seq: int) -> MatchCentre:
    engine = engine_for(match.sport)
    loaded = (
        engine.load(state) if state is not None else engine.new_state(match_setup_get(match=match))
    )
    detail = engine.detail(loaded)
    names = _player_names(match)
    if match.sport == "cricket":
        extra = _cricket(match=match, detail=detail, names=names, seq=seq)
    else:
        extra = _football(detail=detail, names=names)
    extra["corrections"] = [c for c in match_corrections_get(match=match) if c.seq <= seq]
    return MatchCentre(
        seq=seq,
        status=match.status,
        sport=match.sport,
        detail=detail,
        summary=engine.summary(loaded),
        extra=extra,
    )


def _player_names(match: Match) -> dict[Any, str]:
    rows = MatchPlayer.objects.filter(match=match).values_list("player_id", "player__name")
    return dict(rows)


def _cricket(
    *, match: Match, detail: dict[str, Any], names: dict[Any, str], seq: int
) -> dict[str, Any]:
    rules = detail.get("rules") or {}
    limit = rules.get("overs_per_innings")
    log = [event for event in match_log_get(match_id=match.pk) if event.seq <= seq]
    lines: list[CommentaryLine] = cricket_commentary(events_in_force(log), names=names)
    innings = detail.get("innings") or []
    current = detail.get("current")
    shown = innings[-1] if innings else None
    return {
        "commentary": list(reversed(lines[-COMMENTARY_LINES:])),
        "worm": charts.worm(innings, limit_overs=limit),
        "manhattans": [
            (item, charts.manhattan(item, limit_overs=limit))
            for item in innings
            if item["runs_per_over"] and not item.get("is_super_over")
        ],
        # Playing order (super overs after the innings they settle); the innings being
        # played, or else the last one, is the one shown open.
        "innings": innings,
        "open_innings": innings[-1]["number"] if innings else None,
        "current_innings": shown if current else None,
        "this_over": shown["this_over"] if shown and current else [],
    }


def _football(*, detail: dict[str, Any], names: dict[Any, str]) -> dict[str, Any]:
    named: dict[Any, dict[str, Any]] = {}
    for key in ("goals", "cards", "substitutions", "penalties_missed"):
        for entry in detail.get(key) or []:
            named[entry.get("ref")] = entry
    timeline = []
    for entry in detail.get("timeline") or []:
        if entry.get("cancelled"):
            continue
        shown = {**entry, **named.get(entry.get("ref"), {})}
        shown["period_label"] = PERIOD_LABELS.get(entry.get("period") or "", "Period")
        if entry["kind"] in {
            "goal",
            "card",
            "substitution",
            "penalty_missed",
            "period_start",
            "period_end",
        }:
            timeline.append(shown)
    stats = detail.get("stats") or {"home": {}, "away": {}}
    bars = []
    for name, label in STAT_LABELS.items():
        home, away = stats["home"].get(name), stats["away"].get(name)
        if home is None and away is None:
            continue
        home, away = home or 0, away or 0
        total = home + away
        bars.append(
            {
                "label": label,
                "home": home,
                "away": away,
                "home_pct": round(100 * home / total) if total else 50,
                "away_pct": 100 - round(100 * home / total) if total else 50,
            }
        )
    lineups = {}
    for side in ("home", "away"):
        lineup = (detail.get("lineups") or {}).get(side)
        if lineup is None:
            lineups[side] = None
            continue
        off = set(lineup.get("substituted_off") or []) | set(lineup.get("sent_off") or [])
        lineups[side] = {
            "formation": lineup.get("formation"),
            "starting": [
                {"name": names.get(p, str(p)), "is_off": p in off} for p in lineup["starting"]
            ],
            "bench": [
                {"name": names.get(p, str(p)), "is_on": p in (lineup.get("on_pitch") or [])}
                for p in lineup["bench"]
            ],
        }
    goals = {"home": [], "away": []}
    for goal in detail.get("goals") or []:
        suffix = {"own_goal": " (og)", "penalty": " (pen)"}.get(goal.get("goal_kind"), "")
        goals[goal["side"]].append(
            # A no-break space keeps the minute with the scorer on a narrow screen.
            f"{goal.get('scorer_name') or 'Goal'}\u00a0{goal.get('display') or ''}{suffix}".strip()
        )
    return {
        "timeline": list(reversed(timeline)),
        "stat_bars": bars,
        "lineups": lineups,
        "scorers": goals,
        "clock": detail.get("clock") or {},
        "shootout": detail.get("shootout"),
        "period_scores": detail.get("scores") or {},
    }
