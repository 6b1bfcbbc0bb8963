"""The cricket engine behind `scoring.rules.contract`: one event in, the next state out.

Event kinds and payloads (ids are the PlayerRefs of the MatchSetup; sides "home"/"away"):

innings_start     {"batting", "striker"?, "non_striker"?, "super_over"?, "target"?,
                   "overs"?, "method"?}
delivery          {"striker", "non_striker", "bowler", "runs"?, "boundary"?,
                   "extras"?: {"wides","noballs","byes","legbyes","penalty"},
                   "dismissals"?: [{"kind", "player_out", "fielders"?}]}
over_end          {}
batter_retired    {"player", "kind": "retired_hurt" | "retired_not_out" | "retired_out"}
batter_absent     {"player"}
new_batter        {"player"}
penalty_runs      {"side", "runs", "reason"?}
target_revision   {"target"?, "overs"?, "method"?}
innings_end       {"reason": "declared" | "forfeited" | "curtailed" | "all_out"}
replacement       {"side", "player_in", "player_out", "reason"?}
result            {"kind", "winner"?, "tie_breaker"?, "method"?}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from scoring.rules.contract import MatchSetup, RuleCode, RuleViolation
from scoring.rules.cricket import delivery, result, scorecard
from scoring.rules.cricket.rules import parse_overs, rules_from_setup
from scoring.rules.cricket.state import Innings, MatchState, state_from_dict, state_to_dict

SPORT = "cricket"
SIDES = ("home", "away")
RETIREMENTS = frozenset({"retired_hurt", "retired_not_out", "retired_out"})
CLOSE_REASONS = frozenset({"declared", "forfeited", "curtailed", "all_out"})
RESULT_KINDS = frozenset({"no_result", "abandoned", "draw", "awarded", "conceded", "tie"})
TIE_BREAKERS = frozenset({"super_over", "bowl_out", "boundary_count"})

State = MatchState


def new_state(setup: MatchSetup) -> MatchState:
    rules = rules_from_setup(setup.rules)

    def sheet(side: str) -> dict[str, Any]:
        team = setup.team(side)
        return {
            "team_id": team.team_id,
            "name": team.name,
            "players": [[entry.id, entry.name] for entry in team.players],
        }

    return MatchState(rules=rules, home=sheet("home"), away=sheet("away"))


def dump(state: MatchState) -> dict[str, Any]:
    return state_to_dict(state)


def load(data: Mapping[str, Any]) -> MatchState:
    return state_from_dict(dict(data))


summary = scorecard.summary
detail = scorecard.detail


def apply(state: MatchState, *, kind: str, payload: Mapping[str, Any]) -> list[str]:
    handler = _HANDLERS.get(kind)
    if handler is None:
        raise RuleViolation(RuleCode.UNKNOWN_EVENT, f"{kind!r} is not a cricket event")
    if not isinstance(payload, Mapping):
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, "payload must be an object")
    return handler(state, payload)


def _side(payload: Mapping[str, Any], key: str) -> str:
    side = payload.get(key)
    if side not in SIDES:
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, f"{key} must be 'home' or 'away'")
    return side


def _open_innings(state: MatchState) -> Innings:
    innings = state.current
    if innings is None:
        raise RuleViolation(RuleCode.NO_INNINGS, "no innings has started")
    if innings.closed:
        raise RuleViolation(
            RuleCode.INNINGS_CLOSED, f"innings {innings.number} is closed ({innings.close_reason})"
        )
    return innings


def _match_is_over(state: MatchState) -> bool:
    outcome = state.result
    if outcome is None:
        return False
    return not (outcome["kind"] == "tie" and outcome["winner"] is None)


# --- innings -----------------------------------------------------------------------------


def _innings_start(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    if _match_is_over(state):
        raise RuleViolation(RuleCode.MATCH_OVER, f"the match is over: {state.result['text']}")
    batting = _side(payload, "batting")
    is_super_over = bool(payload.get("super_over", False))
    warnings: list[str] = []
    previous = state.current
    if previous is not None:
        if not previous.closed:
            delivery.close_innings(state, previous, "curtailed")
            warnings.append(
                f"innings {previous.number} closed without all out, overs or declaration"
            )
        delivery.finish_open_over(state, previous)
    is_follow_on = _check_batting_order(state, batting, is_super_over)
    innings = Innings(
        number=len(state.innings) + 1,
        batting_side=batting,
        is_super_over=is_super_over,
        is_follow_on=is_follow_on,
    )
    state.innings.append(innings)
    _set_limits(state, innings, payload)
    pending = state.pending_penalty[batting]
    if pending and not is_super_over:
        innings.runs += pending
        innings.extras["penalty"] += pending
        state.pending_penalty[batting] = 0
    for key in ("striker", "non_striker"):
        if payload.get(key) is not None:
            player = delivery.check_in_team(state, batting, payload[key], key)
            delivery.bring_in(state, innings, player)
            setattr(innings, key, player)
    return warnings


def _check_batting_order(state: MatchState, batting: str, is_super_over: bool) -> bool:
    """Law 12/14: who may bat next. Returns True when this innings is a follow-on."""
    rules = state.rules
    played = result.main_innings(state)
    if is_super_over:
        if not rules.is_limited_overs or rules.innings_per_side != 1 or state.result is None:
            raise RuleViolation(RuleCode.NO_SUPER_OVER, "a super over follows only a tied match")
        supers = [innings for innings in state.innings if innings.is_super_over]
        if len(supers) % 2 == 1 and supers[-1].batting_side == batting:
            raise RuleViolation(RuleCode.BATTING_ORDER, "each side bats once in a super over")
        return False
    if len(played) >= 2 * rules.innings_per_side:
        raise RuleViolation(RuleCode.MATCH_OVER, "every innings of the match has been played")
    if not played:
        return False
    if len(played) == 1:
        if played[0].batting_side == batting:
            raise RuleViolation(RuleCode.BATTING_ORDER, "the sides bat in turn")
        return False
    if len(played) == 2:
        if batting == played[0].batting_side:
            return False
        lead = played[0].runs - played[1].runs
        required = rules.follow_on_lead
        if required is None or lead < required:
            raise RuleViolation(
                RuleCode.FOLLOW_ON, f"a follow-on needs a lead of {required} runs (lead is {lead})"
            )
        return True
    if [innings.batting_side for innings in played].count(batting) >= rules.innings_per_side:
        raise RuleViolation(RuleCode.BATTING_ORDER, "that side has had its innings")
    return False


def _set_limits(state: MatchState, innings: Innings, payload: Mapping[str, Any]) -> None:
    if payload.get("overs") is not None:
        innings.limit_balls = parse_overs(payload["overs"], state.rules.balls_per_over)
    if payload.get("target") is not None:
        if result.target(state, innings) is None:
            raise RuleViolation(RuleCode.NOT_A_CHASE, "only the side batting last has a target")
        innings.target = delivery.count(payload, "target")
        innings.target_method = payload.get("method", "DLS")


def _innings_end(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    innings = _open_innings(state)
    reason = payload.get("reason")
    if reason not in CLOSE_REASONS:
        raise RuleViolation(
            RuleCode.INVALID_PAYLOAD, f"reason must be one of {sorted(CLOSE_REASONS)}"
        )
    if reason in ("declared", "forfeited") and state.rules.innings_per_side == 1:
        raise RuleViolation(
            RuleCode.NO_DECLARATION, f"an innings cannot be {reason} in this format"
        )
    if reason == "forfeited" and (innings.legal_balls or innings.over_open):
        raise RuleViolation(
            RuleCode.FORFEIT_AFTER_PLAY, "an innings can be forfeited only before play"
        )
    if reason == "all_out":
        fresh = delivery.batting_limit(state, innings.batting_side) - len(innings.batting)
        if fresh > 0:
            raise RuleViolation(RuleCode.BATTERS_LEFT, f"{fresh} batters have not yet batted")
    delivery.close_innings(state, innings, reason)
    delivery.finish_open_over(state, innings)
    return []


def _target_revision(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    innings = _open_innings(state)
    _set_limits(state, innings, payload)
    if innings.target is None and payload.get("target") is None and "method" in payload:
        innings.target_method = payload["method"]
    if payload.get("overs") is not None and innings.limit_balls is not None:
        in_over = sum(1 for entry in innings.this_over if entry["legal"])
        bowled = innings.completed_overs * state.rules.balls_per_over + in_over
        if bowled >= innings.limit_balls:
            # Play is terminated: the revised overs are those already bowled (DLS par).
            delivery.close_innings(state, innings, "overs_complete")
            return []
    needed = result.target(state, innings)
    if needed is not None and innings.runs >= needed:
        delivery.close_innings(state, innings, "target_reached")
    return []


# --- the ball ----------------------------------------------------------------------------


def _delivery(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    innings = _open_innings(state)
    return delivery.apply_delivery(state, innings, payload)


def _over_end(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    innings = state.current
    if innings is None:
        raise RuleViolation(RuleCode.NO_INNINGS, "no innings has started")
    if innings.closed and not innings.over_open:
        raise RuleViolation(RuleCode.INNINGS_CLOSED, f"innings {innings.number} is closed")
    return delivery.end_over(state, innings)


def _batter_retired(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    innings = _open_innings(state)
    player = payload.get("player")
    kind = payload.get("kind")
    if kind not in RETIREMENTS:
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, f"kind must be one of {sorted(RETIREMENTS)}")
    if player not in (innings.striker, innings.non_striker) or player is None:
        raise RuleViolation(RuleCode.BATTER_NOT_IN, f"{player!r} is not batting")
    if kind == "retired_out":
        # Law 25.4.3: retiring without the umpire's consent is out, not the bowler's wicket.
        delivery.record_wicket(state, innings, player, "retired out")
        delivery.check_close(state, innings)
        return []
    card = innings.card(player)
    card.retired_hurt = True
    delivery.leave_crease(innings, player)
    return []


def _batter_absent(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    innings = _open_innings(state)
    player = delivery.check_in_team(state, innings.batting_side, payload.get("player"), "player")
    if innings.batter(player) is not None:
        raise RuleViolation(RuleCode.BATTER_BATTED, f"{player!r} has already batted")
    card = delivery.BatterCard(player, absent=True)
    innings.batting.append(card)
    delivery.check_close(state, innings)
    return []


def _new_batter(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    innings = _open_innings(state)
    player = delivery.check_in_team(state, innings.batting_side, payload.get("player"), "player")
    if player in (innings.striker, innings.non_striker):
        raise RuleViolation(RuleCode.BATTER_IN, f"{player!r} is already batting")
    if innings.striker is not None and innings.non_striker is not None:
        raise RuleViolation(RuleCode.NO_VACANCY, "two batters are already in")
    delivery.bring_in(state, innings, player)
    if innings.striker is None:
        innings.striker = player
    else:
        innings.non_striker = player
    return []


# --- outside the ball --------------------------------------------------------------------


def _penalty_runs(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    """Law 41.17: to the batting side now, else to the side's latest (or next) innings."""
    side = _side(payload, "side")
    runs = delivery.count(payload, "runs")
    if runs == 0:
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, "penalty runs must be positive")
    if _match_is_over(state):
        raise RuleViolation(RuleCode.MATCH_OVER, "the match is over")
    current = state.current
    if current is not None and not current.closed and current.batting_side == side:
        innings: Innings | None = current
    else:
        innings = next(
            (item for item in reversed(result.main_innings(state)) if item.batting_side == side),
            None,
        )
    if innings is None:
        state.pending_penalty[side] += runs
        return []
    innings.runs += runs
    innings.extras["penalty"] += runs
    if innings is current and not innings.closed:
        delivery.check_close(state, innings)
    return []


def _replacement(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    side = _side(payload, "side")
    player_in = delivery.check_in_team(state, side, payload.get("player_in"), "player_in")
    player_out = delivery.check_in_team(state, side, payload.get("player_out"), "player_out")
    state.replacements.append(
        {
            "side": side,
            "player_in": player_in,
            "player_out": player_out,
            "reason": payload.get("reason"),
        }
    )
    return []


def _result(state: MatchState, payload: Mapping[str, Any]) -> list[str]:
    kind = payload.get("kind")
    if kind not in RESULT_KINDS:
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, f"kind must be one of {sorted(RESULT_KINDS)}")
    winner = payload.get("winner")
    if winner is not None and winner not in SIDES:
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, "winner must be 'home', 'away' or null")
    tie_breaker = payload.get("tie_breaker")
    if kind == "tie":
        return _settle_tie(state, winner, tie_breaker)
    if state.result is not None:
        raise RuleViolation(
            RuleCode.RESULT_DECIDED, f"the result is already {state.result['text']}"
        )
    if kind in ("awarded", "conceded") and winner is None:
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, f"an {kind} match needs a winner")
    if kind not in ("awarded", "conceded") and winner is not None:
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, f"a {kind} has no winner")
    if kind == "draw" and state.rules.innings_per_side != 2:
        raise RuleViolation(RuleCode.NO_DRAW, "a limited-overs match cannot be drawn")
    _stop_play(state)
    state.result = result.build_result(
        state, kind=kind, winner=winner, method=payload.get("method")
    )
    return []


def _settle_tie(state: MatchState, winner: str | None, tie_breaker: Any) -> list[str]:
    outcome = state.result
    if outcome is None or outcome["kind"] != "tie" or outcome["winner"] is not None:
        raise RuleViolation(RuleCode.NOT_A_TIE, "only an undecided tie can be settled this way")
    if winner is None or tie_breaker not in TIE_BREAKERS:
        raise RuleViolation(
            RuleCode.INVALID_PAYLOAD,
            f"a tie-breaker needs a winner and one of {sorted(TIE_BREAKERS)}",
        )
    _stop_play(state)
    state.result = result.build_result(
        state, kind="tie", winner=winner, tie_breaker=tie_breaker, method=outcome["method"]
    )
    return []


def _stop_play(state: MatchState) -> None:
    innings = state.current
    if innings is None:
        return
    if not innings.closed:
        innings.closed = True
        innings.close_reason = "match_ended"
        innings.free_hit = False
    delivery.finish_open_over(state, innings)


_HANDLERS: dict[str, Callable[[MatchState, Mapping[str, Any]], list[str]]] = {
    "innings_start": _innings_start,
    "delivery": _delivery,
    "over_end": _over_end,
    "batter_retired": _batter_retired,
    "batter_absent": _batter_absent,
    "new_batter": _new_batter,
    "penalty_runs": _penalty_runs,
    "target_revision": _target_revision,
    "innings_end": _innings_end,
    "replacement": _replacement,
    "result": _result,
}
EVENT_KINDS = frozenset(_HANDLERS)
