"""Law 30-40: how a batter can be out, who gets the credit, and how the card says it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scoring.rules.contract import PlayerRef, RuleCode, RuleViolation

BOWLED = "bowled"
CAUGHT = "caught"
CAUGHT_AND_BOWLED = "caught and bowled"
LBW = "lbw"
STUMPED = "stumped"
HIT_WICKET = "hit wicket"
RUN_OUT = "run out"
HANDLED_THE_BALL = "handled the ball"
OBSTRUCTING_THE_FIELD = "obstructing the field"
HIT_THE_BALL_TWICE = "hit the ball twice"
TIMED_OUT = "timed out"
RETIRED_OUT = "retired out"

# Credited to the bowler (Law 30-39 as scorecards apply them).
BOWLER_CREDITED = frozenset({BOWLED, CAUGHT, CAUGHT_AND_BOWLED, LBW, STUMPED, HIT_WICKET})
ON_A_DELIVERY = BOWLER_CREDITED | {
    RUN_OUT,
    HANDLED_THE_BALL,
    OBSTRUCTING_THE_FIELD,
    HIT_THE_BALL_TWICE,
    TIMED_OUT,
}
# Only the striker can be out these ways; run out and obstruction can be either batter.
STRIKER_ONLY = BOWLER_CREDITED | {HIT_THE_BALL_TWICE}
# Law 21.18 / 25.6: off a no-ball (and on a free hit) only these stand.
ALLOWED_OFF_NO_BALL = frozenset(
    {RUN_OUT, HANDLED_THE_BALL, OBSTRUCTING_THE_FIELD, HIT_THE_BALL_TWICE, TIMED_OUT}
)
# Law 22.7: off a wide the striker can still be stumped or out hit wicket.
ALLOWED_OFF_WIDE = (ALLOWED_OFF_NO_BALL - {HIT_THE_BALL_TWICE}) | {STUMPED, HIT_WICKET}


def check_dismissal(
    kind: str,
    *,
    player_out: PlayerRef,
    striker: PlayerRef,
    non_striker: PlayerRef,
    is_wide: bool,
    is_no_ball: bool,
    is_free_hit: bool,
) -> None:
    if kind not in ON_A_DELIVERY:
        raise RuleViolation(
            RuleCode.UNKNOWN_DISMISSAL, f"{kind!r} is not a way to be out on a delivery"
        )
    if kind == TIMED_OUT:
        if player_out in (striker, non_striker):
            raise RuleViolation(
                RuleCode.INVALID_DISMISSAL, "timed out applies to the incoming batter"
            )
        return
    if player_out not in (striker, non_striker):
        raise RuleViolation(RuleCode.BATTER_NOT_IN, f"{player_out!r} is not one of the batters in")
    if kind in STRIKER_ONLY and player_out != striker:
        raise RuleViolation(RuleCode.INVALID_DISMISSAL, f"only the striker can be out {kind}")
    if is_wide and kind not in ALLOWED_OFF_WIDE:
        raise RuleViolation(RuleCode.INVALID_DISMISSAL, f"a batter cannot be out {kind} off a wide")
    if is_no_ball and kind not in ALLOWED_OFF_NO_BALL:
        raise RuleViolation(
            RuleCode.INVALID_DISMISSAL, f"a batter cannot be out {kind} off a no-ball"
        )
    if is_free_hit and kind not in ALLOWED_OFF_NO_BALL:
        raise RuleViolation(RuleCode.FREE_HIT, f"a batter cannot be out {kind} on a free hit")


def dismissal_text(dismissal: dict[str, Any] | None, name: Callable[[Any], str]) -> str:
    """The scorecard line: "c Smith b Jones", "run out (Smith)", "lbw b Jones"."""
    if dismissal is None:
        return "not out"
    kind = dismissal["kind"]
    bowler = name(dismissal.get("bowler"))
    fielders = [name(fielder) for fielder in dismissal.get("fielders") or []]
    if kind == CAUGHT and fielders and fielders[0] == bowler:
        kind = CAUGHT_AND_BOWLED
    if kind == CAUGHT_AND_BOWLED:
        return f"c & b {bowler}"
    if kind == CAUGHT:
        return f"c {fielders[0]} b {bowler}" if fielders else f"c ? b {bowler}"
    if kind == BOWLED:
        return f"b {bowler}"
    if kind == LBW:
        return f"lbw b {bowler}"
    if kind == STUMPED:
        return f"st {fielders[0]} b {bowler}" if fielders else f"st ? b {bowler}"
    if kind == HIT_WICKET:
        return f"hit wicket b {bowler}"
    if kind == RUN_OUT:
        return f"run out ({'/'.join(fielders)})" if fielders else "run out"
    return kind
