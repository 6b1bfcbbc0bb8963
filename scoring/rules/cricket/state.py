"""The projection an engine keeps: scorecards and the over in progress, never every ball.

Everything is plain lists and dicts of JSON types so that `dump`/`load` are a field copy;
players are kept in lists (batting order, bowling order), never as dict keys, because ids
may be ints and JSON keys are strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scoring.rules.contract import PlayerRef, RuleCode, RuleViolation
from scoring.rules.cricket.rules import Rules, rules_from_dict

EXTRA_KINDS = ("wides", "noballs", "byes", "legbyes", "penalty")


@dataclass
class BatterCard:
    player: PlayerRef
    runs: int = 0
    balls: int = 0
    fours: int = 0
    sixes: int = 0
    # {"kind", "bowler", "fielders"} once dismissed; a wicket, unlike `retired_hurt`.
    dismissal: dict[str, Any] | None = None
    retired_hurt: bool = False
    absent: bool = False

    FIELDS = ("player", "runs", "balls", "fours", "sixes", "dismissal", "retired_hurt", "absent")


@dataclass
class BowlerCard:
    player: PlayerRef
    balls: int = 0
    runs: int = 0
    wickets: int = 0
    maidens: int = 0
    wides: int = 0
    noballs: int = 0
    overs: int = 0  # overs completed (as the umpire called them)
    balls_in_overs: int = 0  # legal balls inside those completed overs

    FIELDS = (
        "player",
        "balls",
        "runs",
        "wickets",
        "maidens",
        "wides",
        "noballs",
        "overs",
        "balls_in_overs",
    )


@dataclass
class Innings:
    number: int
    batting_side: str
    is_super_over: bool = False
    is_follow_on: bool = False
    runs: int = 0
    wickets: int = 0
    legal_balls: int = 0
    completed_overs: int = 0
    # Legal balls of a last over the innings ended inside (not called, so not an over).
    unfinished_over_balls: int = 0
    extras: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXTRA_KINDS, 0))
    batting: list[BatterCard] = field(default_factory=list)
    bowling: list[BowlerCard] = field(default_factory=list)
    fall_of_wickets: list[dict[str, Any]] = field(default_factory=list)
    partnerships: list[dict[str, Any]] = field(default_factory=list)
    runs_per_over: list[int] = field(default_factory=list)
    wickets_per_over: list[int] = field(default_factory=list)
    # The over in progress: one entry per delivery {"label", "bowler", "legal", "bowler_runs"}.
    this_over: list[dict[str, Any]] = field(default_factory=list)
    previous_over_bowlers: list[PlayerRef] = field(default_factory=list)
    # The bowler of each completed over, newest last, only as far back as
    # rules.max_consecutive_overs needs.
    recent_over_bowlers: list[PlayerRef] = field(default_factory=list)
    striker: PlayerRef | None = None
    non_striker: PlayerRef | None = None
    strike_known: bool = True
    free_hit: bool = False
    closed: bool = False
    close_reason: str | None = None
    target: int | None = None  # a scorer-entered (revised) target; None = derived
    limit_balls: int | None = None  # revised length of this innings in balls
    target_method: str | None = None

    SCALARS = (
        "number",
        "batting_side",
        "is_super_over",
        "is_follow_on",
        "runs",
        "wickets",
        "legal_balls",
        "completed_overs",
        "unfinished_over_balls",
        "striker",
        "non_striker",
        "strike_known",
        "free_hit",
        "closed",
        "close_reason",
        "target",
        "limit_balls",
        "target_method",
    )
    LISTS = (
        "fall_of_wickets",
        "partnerships",
        "runs_per_over",
        "wickets_per_over",
        "this_over",
        "previous_over_bowlers",
        "recent_over_bowlers",
    )

    @property
    def over_open(self) -> bool:
        return bool(self.this_over)

    def batter(self, player: PlayerRef) -> BatterCard | None:
        for card in self.batting:
            if card.player == player:
                return card
        return None

    def card(self, player: PlayerRef) -> BatterCard:
        found = self.batter(player)
        if found is None:
            raise RuleViolation(
                RuleCode.BATTER_NOT_IN, f"{player!r} has not batted in this innings"
            )
        return found

    def bowler(self, player: PlayerRef) -> BowlerCard:
        for card in self.bowling:
            if card.player == player:
                return card
        card = BowlerCard(player)
        self.bowling.append(card)
        return card


@dataclass
class MatchState:
    rules: Rules
    home: dict[str, Any]  # {"team_id", "name", "players": [[id, name], ...]}
    away: dict[str, Any]
    innings: list[Innings] = field(default_factory=list)
    result: dict[str, Any] | None = None
    pending_penalty: dict[str, int] = field(default_factory=lambda: {"home": 0, "away": 0})
    replacements: list[dict[str, Any]] = field(default_factory=list)

    def team(self, side: str) -> dict[str, Any]:
        return self.home if side == "home" else self.away

    @property
    def current(self) -> Innings | None:
        return self.innings[-1] if self.innings else None

    def player_name(self, player: PlayerRef | None) -> str:
        if player is None:
            return ""
        for team in (self.home, self.away):
            for ref, name in team["players"]:
                if ref == player:
                    return name
        return str(player)


def _card_to_list(card: Any) -> list[Any]:
    return [getattr(card, name) for name in card.FIELDS]


def innings_to_dict(innings: Innings) -> dict[str, Any]:
    data = {name: getattr(innings, name) for name in Innings.SCALARS}
    for name in Innings.LISTS:
        data[name] = list(getattr(innings, name))
    # The open partnership is updated in place ball by ball, so it must not be shared.
    data["partnerships"] = [dict(item) for item in innings.partnerships]
    data["extras"] = dict(innings.extras)
    data["batting"] = [_card_to_list(card) for card in innings.batting]
    data["bowling"] = [_card_to_list(card) for card in innings.bowling]
    return data


def innings_from_dict(data: dict[str, Any]) -> Innings:
    # States dumped before a scalar existed load with its default.
    innings = Innings(**{name: data[name] for name in Innings.SCALARS if name in data})
    for name in Innings.LISTS:
        setattr(innings, name, list(data[name]))
    innings.partnerships = [dict(item) for item in data["partnerships"]]
    innings.extras = dict(data["extras"])
    innings.batting = [BatterCard(*row) for row in data["batting"]]
    innings.bowling = [BowlerCard(*row) for row in data["bowling"]]
    return innings


def state_to_dict(state: MatchState) -> dict[str, Any]:
    return {
        "version": 1,
        "rules": state.rules.to_dict(),
        "home": state.home,
        "away": state.away,
        "innings": [innings_to_dict(innings) for innings in state.innings],
        "result": state.result,
        "pending_penalty": dict(state.pending_penalty),
        "replacements": list(state.replacements),
    }


def state_from_dict(data: dict[str, Any]) -> MatchState:
    return MatchState(
        rules=rules_from_dict(data["rules"]),
        home=data["home"],
        away=data["away"],
        innings=[innings_from_dict(item) for item in data["innings"]],
        result=data["result"],
        pending_penalty=dict(data["pending_penalty"]),
        replacements=list(data["replacements"]),
    )
