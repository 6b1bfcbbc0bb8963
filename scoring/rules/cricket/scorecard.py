"""What fans see: the score line for lists and frames, and the full scorecard."""

from __future__ import annotations

from typing import Any

from scoring.rules.cricket import result
from scoring.rules.cricket.dismissal import dismissal_text
from scoring.rules.cricket.rules import format_overs
from scoring.rules.cricket.state import Innings, MatchState


def _rate(runs: int, balls: int, balls_per_over: int) -> float | None:
    return round(runs * balls_per_over / balls, 2) if balls else None


def innings_overs(state: MatchState, innings: Innings) -> str:
    in_over = sum(1 for entry in innings.this_over if entry["legal"])
    overs, rest = innings.completed_overs, in_over or innings.unfinished_over_balls
    if rest >= state.rules.balls_per_over:
        overs, rest = overs + 1, 0
    return f"{overs}.{rest}" if rest else str(overs)


def _bowler_overs(card: Any, balls_per_over: int) -> str:
    partial = card.balls - card.balls_in_overs
    whole, rest = card.overs + partial // balls_per_over, partial % balls_per_over
    return f"{whole}.{rest}" if rest else str(whole)


def _balls_left(state: MatchState, innings: Innings) -> int | None:
    limit = result.limit_balls(state, innings)
    if limit is None:
        return None
    return max(limit - innings.legal_balls, 0)


def _score(innings: Innings) -> str:
    return f"{innings.runs}/{innings.wickets}" if innings.wickets < 10 else str(innings.runs)


def _side_line(state: MatchState, side: str) -> dict[str, Any]:
    team = state.team(side)
    mine = [item for item in state.innings if item.batting_side == side]
    main = [item for item in mine if not item.is_super_over]
    line: dict[str, Any] = {"name": team["name"], "score": None, "overs": None}
    if main:
        line["score"] = " & ".join(_innings_score(item) for item in main)
        line["overs"] = innings_overs(state, main[-1])
    supers = [item for item in mine if item.is_super_over]
    if supers:
        line["super_over"] = " & ".join(_score(item) for item in supers)
    return line


def _innings_score(innings: Innings) -> str:
    text = _score(innings)
    if innings.close_reason == "declared":
        text += "d"
    elif innings.close_reason == "forfeited":
        text += " (forfeited)"
    return text


def status_text(state: MatchState) -> str:
    if state.result is not None and not (
        state.result["kind"] == "tie" and state.result["winner"] is None and _live(state)
    ):
        return state.result["text"]
    innings = state.current
    if innings is None:
        return "Match not started"
    name = state.team(innings.batting_side)["name"]
    if innings.closed:
        return f"Innings break: {name} {_innings_score(innings)}"
    needed = result.target(state, innings)
    if needed is not None:
        runs = needed - innings.runs
        left = _balls_left(state, innings)
        word = "run" if runs == 1 else "runs"
        if left is None:
            return f"{name} need {runs} {word} to win"
        return f"{name} need {runs} {word} from {left} ball{'' if left == 1 else 's'}"
    if state.rules.innings_per_side == 2 and len(result.main_innings(state)) > 1:
        side = innings.batting_side
        lead = result.side_total(state, side) - result.side_total(state, result.OTHER_SIDE[side])
        if lead > 0:
            return f"{name} lead by {lead} run{'' if lead == 1 else 's'}"
        if lead < 0:
            return f"{name} trail by {-lead} run{'' if lead == -1 else 's'}"
        return f"{name} level"
    return f"{name} {_score(innings)} ({innings_overs(state, innings)} ov)"


def _live(state: MatchState) -> bool:
    innings = state.current
    return innings is not None and not innings.closed


def summary(state: MatchState) -> dict[str, Any]:
    return {
        "sport": "cricket",
        "home": _side_line(state, "home"),
        "away": _side_line(state, "away"),
        "text": status_text(state),
        "result": state.result,
    }


def _batting_card(state: MatchState, innings: Innings) -> list[dict[str, Any]]:
    rows = []
    for card in innings.batting:
        if card.absent:
            text = "absent hurt"
        elif card.retired_hurt:
            text = "retired hurt"
        else:
            text = dismissal_text(card.dismissal, state.player_name)
        rows.append(
            {
                "player": card.player,
                "name": state.player_name(card.player),
                "runs": card.runs,
                "balls": card.balls,
                "fours": card.fours,
                "sixes": card.sixes,
                "strike_rate": round(100 * card.runs / card.balls, 2) if card.balls else None,
                "dismissal": text,
                "is_out": card.dismissal is not None,
            }
        )
    return rows


def _bowling_card(state: MatchState, innings: Innings) -> list[dict[str, Any]]:
    bpo = state.rules.balls_per_over
    return [
        {
            "player": card.player,
            "name": state.player_name(card.player),
            "balls": card.balls,
            "overs": _bowler_overs(card, bpo),
            "maidens": card.maidens,
            "runs": card.runs,
            "wickets": card.wickets,
            "economy": _rate(card.runs, card.balls, bpo),
            "wides": card.wides,
            "noballs": card.noballs,
        }
        for card in innings.bowling
    ]


def innings_detail(state: MatchState, innings: Innings) -> dict[str, Any]:
    bpo = state.rules.balls_per_over
    team = state.team(innings.batting_side)
    runs_per_over = list(innings.runs_per_over)
    if innings.over_open:
        runs_per_over.append(sum(entry["runs"] for entry in innings.this_over))
    return {
        "number": innings.number,
        "team": team["name"],
        "side": innings.batting_side,
        "is_super_over": innings.is_super_over,
        "is_follow_on": innings.is_follow_on,
        "runs": innings.runs,
        "wickets": innings.wickets,
        "legal_balls": innings.legal_balls,
        "overs": innings_overs(state, innings),
        "run_rate": _rate(innings.runs, innings.legal_balls, bpo),
        "closed": innings.closed,
        "close_reason": innings.close_reason,
        "target": result.target(state, innings),
        "limit_overs": _limit_text(state, innings),
        "extras": {**innings.extras, "total": sum(innings.extras.values())},
        "batting": _batting_card(state, innings),
        "bowling": _bowling_card(state, innings),
        "fall_of_wickets": [
            {**item, "name": state.player_name(item["player"])} for item in innings.fall_of_wickets
        ],
        "partnerships": [
            {**item, "names": [state.player_name(player) for player in item["batters"]]}
            for item in innings.partnerships
        ],
        "runs_per_over": runs_per_over,
        "wickets_per_over": [*innings.wickets_per_over]
        + ([sum(e["wickets"] for e in innings.this_over)] if innings.over_open else []),
        "this_over": [entry["label"] for entry in innings.this_over],
    }


def _limit_text(state: MatchState, innings: Innings) -> str | None:
    limit = result.limit_balls(state, innings)
    return None if limit is None else format_overs(limit, state.rules.balls_per_over)


def _current(state: MatchState) -> dict[str, Any] | None:
    innings = state.current
    if innings is None or innings.closed:
        return None
    bpo = state.rules.balls_per_over
    needed = result.target(state, innings)
    left = _balls_left(state, innings)
    bowler = innings.this_over[-1]["bowler"] if innings.this_over else None

    def batter(player: Any) -> dict[str, Any] | None:
        card = innings.batter(player) if player is not None else None
        if card is None:
            return None
        return {
            "player": player,
            "name": state.player_name(player),
            "runs": card.runs,
            "balls": card.balls,
        }

    required = None
    if needed is not None and left:
        required = round((needed - innings.runs) * bpo / left, 2)
    return {
        "innings": innings.number,
        "batting": innings.batting_side,
        "striker": batter(innings.striker),
        "non_striker": batter(innings.non_striker),
        "bowler": None if bowler is None else {"player": bowler, "name": state.player_name(bowler)},
        "previous_over_bowlers": list(innings.previous_over_bowlers),
        "is_free_hit": innings.free_hit,
        "over_in_progress": innings.over_open,
        "runs": innings.runs,
        "wickets": innings.wickets,
        "overs": innings_overs(state, innings),
        "run_rate": _rate(innings.runs, innings.legal_balls, bpo),
        "target": needed,
        "runs_needed": None if needed is None else needed - innings.runs,
        "balls_left": left,
        "required_rate": required,
    }


def net_run_rate_inputs(state: MatchState) -> dict[str, dict[str, int]]:
    """Per side: runs scored, balls faced, runs conceded, balls bowled (ICC NRR rules).

    A side bowled out is charged its full quota of balls; when a revised target applied,
    the side batting first counts as target - 1 from the revised overs.
    """
    figures = {side: dict.fromkeys(("runs_scored", "balls_faced"), 0) for side in ("home", "away")}
    main = result.main_innings(state)
    for innings in main:
        runs, balls = innings.runs, innings.legal_balls
        limit = result.limit_balls(state, innings)
        if innings.close_reason == "all_out" and limit is not None:
            balls = limit
        figures[innings.batting_side]["runs_scored"] += runs
        figures[innings.batting_side]["balls_faced"] += balls
    if len(main) == 2 and main[1].target is not None and main[1].limit_balls is not None:
        first = figures[main[0].batting_side]
        first["runs_scored"] = main[1].target - 1
        first["balls_faced"] = main[1].limit_balls
    return {
        side: {
            **figures[side],
            "runs_conceded": figures[result.OTHER_SIDE[side]]["runs_scored"],
            "balls_bowled": figures[result.OTHER_SIDE[side]]["balls_faced"],
        }
        for side in ("home", "away")
    }


def detail(state: MatchState) -> dict[str, Any]:
    return {
        "sport": "cricket",
        "home": {"name": state.home["name"], "team_id": state.home["team_id"]},
        "away": {"name": state.away["name"], "team_id": state.away["team_id"]},
        "rules": state.rules.to_dict(),
        "innings": [innings_detail(state, innings) for innings in state.innings],
        "current": _current(state),
        "target": result.target(state, state.current) if state.current else None,
        "text": status_text(state),
        "result": state.result,
        "net_run_rate": net_run_rate_inputs(state),
    }
