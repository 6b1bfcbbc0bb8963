"""What the match centre shows: the small summary and the full detail."""

from __future__ import annotations

from typing import Any

from scoring.rules.football import discipline, shootout
from scoring.rules.football.clock import BREAK_LABELS, period_bounds
from scoring.rules.football.goals import score, score_through
from scoring.rules.football.state import EXTRA_TIME_PERIODS, SIDES, MatchState, live_entries


def summary(state: MatchState) -> dict[str, Any]:
    goals = score(state)
    return {
        "sport": "football",
        "home": _side_line(state, "home", goals),
        "away": _side_line(state, "away", goals),
        "status": state.status,
        "clock": _clock(state),
        "text": _text(state, goals),
        "result": result(state),
    }


def detail(state: MatchState) -> dict[str, Any]:
    return {
        **summary(state),
        "periods": [dict(period) for period in state.periods],
        "scores": _period_scores(state),
        "timeline": [dict(entry) for entry in state.timeline],
        "goals": [_named(state, goal) for goal in live_entries(state, "goal")],
        "penalties_missed": [_named(state, miss) for miss in live_entries(state, "penalty_missed")],
        "cards": [_named(state, card) for card in discipline.cards(state)],
        "sent_off": discipline.sent_off(state),
        "substitutions": [_named(state, sub) for sub in live_entries(state, "substitution")],
        "lineups": {side: _lineup(state, side) for side in SIDES},
        "stats": {side: dict(state.stats[side]) for side in SIDES},
        "shootout": _shootout(state),
    }


def result(state: MatchState) -> dict[str, Any] | None:
    if state.status != "finished":
        return None
    goals = score(state)
    penalties = _penalties(state)
    winner = shootout.winner(state) if penalties else None
    if winner is None and goals["home"] != goals["away"]:
        winner = "home" if goals["home"] > goals["away"] else "away"
    decided_by = "normal_time"
    if _after_extra_time(state):
        decided_by = "extra_time"
    if penalties:
        decided_by = "penalties"
    if state.result is not None and state.result["status"] == "awarded":
        decided_by = "awarded"
    if winner is None:
        text = f"Draw {goals['home']}-{goals['away']}"
    else:
        line = penalties if decided_by == "penalties" else goals
        loser = "away" if winner == "home" else "home"
        text = f"{state.team(winner)['name']} win {line[winner]}-{line[loser]}"
        text += {"penalties": " on penalties", "extra_time": " after extra time"}.get(
            decided_by, ""
        )
        if decided_by == "awarded":
            text += " (awarded)"
    return {
        "winner": winner,
        "kind": "win" if winner else "draw",
        "decided_by": decided_by,
        "text": text,
    }


def _side_line(state: MatchState, side: str, goals: dict[str, int]) -> dict[str, Any]:
    team = state.team(side)
    return {"team_id": team["team_id"], "name": team["name"], "score": goals[side]}


def _clock(state: MatchState) -> dict[str, Any]:
    current = state.periods[-1] if state.periods else None
    minutes_before, length = period_bounds(state.rules, state.period) if state.period else (0, 0)
    return {
        "status": state.status,
        "period": state.period,
        "period_started_at": current["started_at"] if current else None,
        "period_ended_at": current["ended_at"] if current else None,
        "minutes_before_period": minutes_before,
        "period_minutes": length,
        "stoppage_minutes": current["stoppage_minutes"] if current else None,
    }


def _text(state: MatchState, goals: dict[str, int]) -> str:
    if state.status == "scheduled":
        return "v"
    line = f"{goals['home']}-{goals['away']}"
    penalties = _penalties(state)
    if penalties:
        return f"{line} ({penalties['home']}-{penalties['away']} pens)"
    if state.status == "finished":
        if state.result is not None and state.result["status"] == "awarded":
            return f"{line} (awarded)"
        return f"{line} AET" if _after_extra_time(state) else f"{line} FT"
    if state.status == "break":
        return f"{line} {BREAK_LABELS[state.period]}"
    return line


def _penalties(state: MatchState) -> dict[str, int] | None:
    if state.result is not None:
        return state.result.get("penalties")
    if any(period["name"] == "penalty_shootout" for period in state.periods):
        return shootout.tally(state)
    return None


def _after_extra_time(state: MatchState) -> bool:
    if state.result is not None:
        return state.result["after_extra_time"]
    return any(period["name"] in EXTRA_TIME_PERIODS for period in state.periods)


def _period_scores(state: MatchState) -> dict[str, Any]:
    ended = {period["name"] for period in state.periods if period["ended_at"] is not None}
    ended |= {period["name"] for period in state.periods[:-1]}
    if state.status in ("break", "finished") and state.periods:
        ended.add(state.periods[-1]["name"])
    finished_by_result = state.result is not None
    return {
        "half_time": score_through(state, "first_half")
        if finished_by_result or "first_half" in ended
        else None,
        "full_time": score_through(state, "second_half")
        if finished_by_result or "second_half" in ended
        else None,
        "after_extra_time": score_through(state, "extra_time_second")
        if (finished_by_result and _after_extra_time(state)) or "extra_time_second" in ended
        else None,
        "penalties": _penalties(state),
    }


def _lineup(state: MatchState, side: str) -> dict[str, Any] | None:
    lineup = state.lineups[side]
    if lineup is None:
        return None
    return {
        "starting": list(lineup["starting"]),
        "bench": list(lineup["bench"]),
        "formation": lineup["formation"],
        "on_pitch": discipline.on_pitch(state, side),
        "substituted_off": list(state.substituted_off[side]),
        "sent_off": [off["player"] for off in discipline.sent_off(state) if off["side"] == side],
    }


def _shootout(state: MatchState) -> dict[str, Any] | None:
    penalties = _penalties(state)
    if penalties is None:
        return None
    return {
        "kicks": [_named(state, kick) for kick in shootout.kicks(state)],
        "score": penalties,
        "winner": shootout.winner(state),
    }


def _named(state: MatchState, entry: dict[str, Any]) -> dict[str, Any]:
    """An entry with the names of the players it mentions, for pages that show them."""
    named = dict(entry)
    side = entry["side"]
    for key in ("player", "scorer", "assist", "player_off", "player_on"):
        player = entry.get(key)
        if player is not None:
            owner = entry.get("scorer_side", side) if key == "scorer" else side
            named[f"{key}_name"] = discipline.player_name(state, owner, player)
    return named
