"""The football rules engine, implementing the contract in scoring/rules/contract.py.

Every event payload may carry `at` (epoch seconds; the service stamps its commit time
when the client sends none) and `ref` (a client id that VAR can later point at). See
docs/football-engine.md for each event kind's payload.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable, Mapping
from typing import Any

from scoring.rules.contract import MatchSetup, RuleCode, RuleViolation
from scoring.rules.football import (
    discipline,
    goals,
    lineups,
    periods,
    shootout,
    stats,
    substitutions,
)
from scoring.rules.football.clock import match_clock
from scoring.rules.football.report import detail, summary
from scoring.rules.football.state import DEFAULT_RULES, MatchState, check_ref, optional_at

__all__ = [
    "EVENT_KINDS",
    "SPORT",
    "apply",
    "detail",
    "dump",
    "load",
    "match_clock",
    "new_state",
    "summary",
]

SPORT = "football"
STATE_FORMAT = 1

HANDLERS: dict[str, Callable[[MatchState, Mapping[str, Any]], list[str]]] = {
    "lineup": lineups.apply_lineup,
    "period_start": periods.apply_period_start,
    "period_end": periods.apply_period_end,
    "stoppage_time": periods.apply_stoppage_time,
    "goal": goals.apply_goal,
    "penalty_missed": goals.apply_penalty_missed,
    "card": discipline.apply_card,
    "substitution": substitutions.apply_substitution,
    "var": goals.apply_var,
    "shootout_kick": shootout.apply_kick,
    "stat": stats.apply_stat,
    "result": periods.apply_result,
    "full_time": periods.apply_full_time,
}
EVENT_KINDS = frozenset(HANDLERS)
# Statistics are often completed by a feed after the final whistle.
AFTER_FULL_TIME = frozenset({"stat"})


def new_state(setup: MatchSetup) -> MatchState:
    rules = {**DEFAULT_RULES, **_json_copy(dict(setup.rules))}
    return MatchState(
        home=_team(setup, "home"),
        away=_team(setup, "away"),
        rules=rules,
    )


def apply(state: MatchState, *, kind: str, payload: Mapping[str, Any]) -> list[str]:
    if kind not in HANDLERS:
        raise RuleViolation(RuleCode.UNKNOWN_EVENT_KIND, f"football has no event kind {kind!r}")
    if not isinstance(payload, Mapping):
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, "the payload must be a JSON object")
    if state.status == "finished" and kind not in AFTER_FULL_TIME:
        raise RuleViolation(
            RuleCode.MATCH_FINISHED, f"the match is over: no {kind} after full time"
        )
    optional_at(payload)
    check_ref(state, payload)
    return HANDLERS[kind](state, payload)


def dump(state: MatchState) -> dict[str, Any]:
    return {"format": STATE_FORMAT, **copy.deepcopy(dataclasses.asdict(state))}


def load(data: Mapping[str, Any]) -> MatchState:
    fields = {key: value for key, value in data.items() if key != "format"}
    if data.get("format") != STATE_FORMAT:
        raise ValueError(f"unknown football state format {data.get('format')!r}")
    return MatchState(**copy.deepcopy(fields))


def _team(setup: MatchSetup, side: str) -> dict[str, Any]:
    sheet = setup.team(side)
    return {
        "team_id": sheet.team_id,
        "name": sheet.name,
        "players": [{"id": player.id, "name": player.name} for player in sheet.players],
    }


def _json_copy(value: Any) -> Any:
    """Rules arrive as any Mapping; keep only what survives JSON so dump/load is exact."""
    return json.loads(json.dumps(value))
