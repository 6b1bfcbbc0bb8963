"""Team line-ups: the starting eleven, the named substitutes and the formation."""

from __future__ import annotations

import re
from typing import Any

from scoring.rules.contract import RuleCode, RuleViolation
from scoring.rules.football.state import MatchState, require_side

FORMATION = re.compile(r"^\d(-\d){1,5}$")


def apply_lineup(state: MatchState, payload: Any) -> list[str]:
    side = require_side(payload)
    if state.status != "scheduled":
        raise RuleViolation(
            RuleCode.LINEUP_LOCKED, "line-ups are fixed at kick-off; use substitutions"
        )
    starting = _players(payload, "starting")
    bench = _players(payload, "bench") if payload.get("bench") is not None else []
    size = state.rules["players_per_side"]
    if len(starting) != size:
        raise RuleViolation(
            RuleCode.LINEUP_SIZE, f"a starting line-up has {size} players, not {len(starting)}"
        )
    everyone = [*starting, *bench]
    if len(set(everyone)) != len(everyone):
        raise RuleViolation(RuleCode.DUPLICATE_PLAYER, "a player appears twice in the line-up")
    max_bench = state.rules["max_bench"]
    if max_bench is not None and len(bench) > max_bench:
        raise RuleViolation(RuleCode.BENCH_SIZE, f"at most {max_bench} substitutes may be named")
    sheet = [player["id"] for player in state.team(side)["players"]]
    unknown = [player for player in everyone if sheet and player not in sheet]
    if unknown:
        raise RuleViolation(RuleCode.UNKNOWN_PLAYER, f"not in the {side} squad: {unknown!r}")
    formation = payload.get("formation")
    warnings = []
    if formation is not None:
        if not isinstance(formation, str) or not FORMATION.match(formation):
            raise RuleViolation(
                RuleCode.INVALID_FORMATION, f"formation like '4-3-3', not {formation!r}"
            )
        outfield = sum(int(line) for line in formation.split("-"))
        if outfield != size - 1:
            warnings.append(
                f"formation {formation} has {outfield} outfield players, not {size - 1}"
            )
    state.lineups[side] = {"starting": starting, "bench": bench, "formation": formation}
    state.on_field[side] = list(starting)
    return warnings


def _players(payload: Any, key: str) -> list[Any]:
    players = payload.get(key)
    if not isinstance(players, list | tuple) or any(
        isinstance(player, bool) or not isinstance(player, int | str) for player in players
    ):
        raise RuleViolation(RuleCode.INVALID_LINEUP, f"{key!r} must be a list of player ids")
    return list(players)
