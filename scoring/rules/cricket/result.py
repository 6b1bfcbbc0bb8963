"""Law 16: the result, decided from the innings when the balls can show it."""

from __future__ import annotations

from typing import Any

from scoring.rules.cricket.state import Innings, MatchState

OTHER_SIDE = {"home": "away", "away": "home"}
# Closing reasons after which the balls cannot decide the match (the scorer must).
UNDECIDED_CLOSES = frozenset({"curtailed", "match_ended"})
TIE_BREAKER_WORDS = {
    "super_over": "won the super over",
    "bowl_out": "won the bowl-out",
    "boundary_count": "won on boundary count",
}


def main_innings(state: MatchState) -> list[Innings]:
    return [innings for innings in state.innings if not innings.is_super_over]


def side_total(state: MatchState, side: str, *, before: Innings | None = None) -> int:
    total = 0
    for innings in main_innings(state):
        if innings is before:
            break
        if innings.batting_side == side:
            total += innings.runs
    return total


def limit_balls(state: MatchState, innings: Innings) -> int | None:
    if innings.limit_balls is not None:
        return innings.limit_balls
    if innings.is_super_over:
        return state.rules.balls_per_over
    if state.rules.overs_per_innings is None:
        return None
    return state.rules.overs_per_innings * state.rules.balls_per_over


def wickets_to_bowl_out(state: MatchState, innings: Innings) -> int:
    if innings.is_super_over:
        return state.rules.super_over_wickets
    absent = sum(1 for card in innings.batting if card.absent)
    return state.rules.players_per_side - 1 - absent


def target(state: MatchState, innings: Innings) -> int | None:
    """Runs the batting side needs to win, when this innings is a chase."""
    if innings.target is not None:
        return innings.target
    if innings.is_super_over:
        index = state.innings.index(innings)
        first_of_pair = _super_over_pair_start(state, index)
        if first_of_pair == index:
            return None
        return state.innings[first_of_pair].runs + 1
    innings_list = main_innings(state)
    position = innings_list.index(innings)
    last_innings = 2 * state.rules.innings_per_side - 1
    if position != last_innings:
        return None
    side = innings.batting_side
    return side_total(state, OTHER_SIDE[side]) - side_total(state, side, before=innings) + 1


def _super_over_pair_start(state: MatchState, index: int) -> int:
    first_super = next(i for i, innings in enumerate(state.innings) if innings.is_super_over)
    return index - (index - first_super) % 2


def decide(state: MatchState) -> dict[str, Any] | None:
    """The result once the latest closed innings settles the match, else None."""
    innings = state.current
    if innings is None or not innings.closed or innings.close_reason in UNDECIDED_CLOSES:
        return None
    if innings.is_super_over:
        return _decide_super_over(state, innings)
    position = main_innings(state).index(innings)
    if state.rules.innings_per_side == 1:
        return _decide_chase(state, innings) if position == 1 else None
    if position == 2:
        return _decide_innings_defeat(state, innings)
    if position == 3:
        return _decide_chase(state, innings)
    return None


def _decide_chase(state: MatchState, innings: Innings) -> dict[str, Any]:
    side = innings.batting_side
    needed = target(state, innings) or 0
    method = innings.target_method
    if innings.runs >= needed and innings.close_reason == "overs_complete":
        # Play was terminated with the chasing side ahead of the revised (par) target.
        return build_result(
            state,
            kind="win",
            winner=side,
            margin=innings.runs - (needed - 1),
            margin_unit="runs",
            method=method,
        )
    if innings.runs >= needed:
        limit = limit_balls(state, innings)
        return build_result(
            state,
            kind="win",
            winner=side,
            margin=state.rules.players_per_side - 1 - innings.wickets,
            margin_unit="wickets",
            balls_left=None if limit is None else max(limit - innings.legal_balls, 0),
            method=method,
        )
    if innings.runs == needed - 1 and (
        state.rules.innings_per_side == 1 or innings.close_reason == "all_out"
    ):
        return build_result(state, kind="tie", method=method)
    if state.rules.innings_per_side == 2 and innings.close_reason not in ("all_out", "forfeited"):
        return build_result(state, kind="draw")
    return build_result(
        state,
        kind="win",
        winner=OTHER_SIDE[side],
        margin=needed - 1 - innings.runs,
        margin_unit="runs",
        method=method,
    )


def _decide_innings_defeat(state: MatchState, innings: Innings) -> dict[str, Any] | None:
    side = innings.batting_side
    other = OTHER_SIDE[side]
    behind_by = side_total(state, other) - side_total(state, side)
    if behind_by <= 0:
        return None
    return build_result(
        state, kind="win", winner=other, margin=behind_by, margin_unit="innings_and_runs"
    )


def _decide_super_over(state: MatchState, innings: Innings) -> dict[str, Any] | None:
    index = state.innings.index(innings)
    start = _super_over_pair_start(state, index)
    if start == index:
        return None
    first, second = state.innings[start], innings
    if first.runs == second.runs:
        return build_result(state, kind="tie")
    winner = first.batting_side if first.runs > second.runs else second.batting_side
    return build_result(state, kind="tie", winner=winner, tie_breaker="super_over")


def build_result(
    state: MatchState,
    *,
    kind: str,
    winner: str | None = None,
    margin: int | None = None,
    margin_unit: str | None = None,
    balls_left: int | None = None,
    method: str | None = None,
    tie_breaker: str | None = None,
) -> dict[str, Any]:
    return {
        "winner": winner,
        "kind": kind,
        "margin": margin,
        "margin_unit": margin_unit,
        "balls_left": balls_left,
        "method": method,
        "tie_breaker": tie_breaker,
        "text": result_text(
            state, kind, winner, margin, margin_unit, balls_left, method, tie_breaker
        ),
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def result_text(
    state: MatchState,
    kind: str,
    winner: str | None,
    margin: int | None,
    margin_unit: str | None,
    balls_left: int | None,
    method: str | None,
    tie_breaker: str | None,
) -> str:
    name = state.team(winner)["name"] if winner else ""
    if kind == "win":
        if margin_unit == "runs":
            text = f"{name} won by {_plural(margin or 0, 'run')}"
        elif margin_unit == "wickets":
            text = f"{name} won by {_plural(margin or 0, 'wicket')}"
            if balls_left:
                text += f" ({_plural(balls_left, 'ball')} left)"
        elif margin_unit == "innings_and_runs":
            text = f"{name} won by an innings and {_plural(margin or 0, 'run')}"
        else:
            text = f"{name} won"
    elif kind == "tie":
        text = "Match tied"
        if winner and tie_breaker:
            text += f" ({name} {TIE_BREAKER_WORDS.get(tie_breaker, 'won the tie-breaker')})"
    elif kind == "awarded":
        text = f"{name} won (match awarded)"
    elif kind == "conceded":
        text = f"{name} won (match conceded)"
    elif kind == "draw":
        text = "Match drawn"
    elif kind == "abandoned":
        text = "Match abandoned"
    else:
        text = "No result"
    if method:
        text += f" ({method} method)"
    return text
