"""Cricsheet JSON (cricsheet.org/format/json, versions 1.0.0 and 1.1.0) to engine events.

`convert(match)` takes the parsed file and returns `(setup, events)`: `setup` is a plain
dict {"home": {"name", "players"}, "away": {...}, "rules": {...}} (players are the
Cricsheet names, used as PlayerRefs), and `events` the ordered (kind, payload) pairs a
scorer would have entered. `match_setup(setup)` builds the contract's MatchSetup.
`convert_by_delivery(match)` is the same conversion with each event paired with the
delivery whose release makes it known, for a live replay of the file.
Ball-by-ball data from Cricsheet (cricsheet.org), ODC-BY 1.0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from scoring.rules.contract import MatchSetup, PlayerEntry, TeamSheet
from scoring.rules.cricket.rules import parse_overs

Event = tuple[str, dict[str, Any]]
# A delivery as the live replay keys it: (innings number from 1, super overs included;
# Cricsheet's over number, from 0; position of the ball in that over as listed, from 1).
DeliveryPosition = tuple[int, int, int]
# An event and the delivery it belongs to; None while it waits for the next delivery.
Placed = tuple[DeliveryPosition | None, Event]

RETIREMENTS = {
    "retired hurt": "retired_hurt",
    "retired not out": "retired_not_out",
    "retired out": "retired_out",
}
LIMITED_OVERS = {"T20": 20, "IT20": 20, "ODI": 50, "ODM": 50}
# ICC extended the free hit from front-foot no-balls to every no-ball in October 2015.
FREE_HIT_FROM = "2015-10-01"


def convert(match: Mapping[str, Any]) -> tuple[dict[str, Any], list[Event]]:
    setup, placed = _convert(match)
    return setup, [event for _position, event in placed]


def convert_by_delivery(
    match: Mapping[str, Any],
) -> tuple[dict[str, Any], list[tuple[DeliveryPosition | None, Event]]]:
    """`convert`, with each event paired with the delivery after whose release a scorer
    would have entered it: a ball's own events (its replacements, the delivery, its
    retirements) and what precedes it (an innings start, a retirement Cricsheet did not
    record) go with that ball; what closes an over or an innings (over_end, a target set at
    the end, innings_end, penalty runs) with the next ball, since only then is the over
    known to be over; what follows the last ball (its over_end, the result) with None, the
    end of the match."""
    setup, placed = _convert(match)
    positioned: list[tuple[DeliveryPosition | None, Event]] = []
    waiting: list[Event] = []
    for position, event in placed:
        waiting.append(event)
        if position is not None:
            positioned.extend((position, item) for item in waiting)
            waiting = []
    positioned.extend((None, item) for item in waiting)
    return setup, positioned


def _convert(match: Mapping[str, Any]) -> tuple[dict[str, Any], list[Placed]]:
    info = match["info"]
    home_name, away_name = info["teams"]
    sides = {home_name: "home", away_name: "away"}
    players = {name: list(info.get("players", {}).get(name, [])) for name in (home_name, away_name)}
    _add_unlisted_players(match, players, sides)
    setup = {
        "home": {"name": home_name, "players": players[home_name]},
        "away": {"name": away_name, "players": players[away_name]},
        "rules": rules_for(info),
    }
    events: list[Placed] = []
    totals: list[int] = []
    for number, innings in enumerate(match.get("innings", []), start=1):
        events.extend(_innings_events(number, innings, sides, info, totals))
    events.extend((None, event) for event in _outcome_events(match, sides))
    return setup, events


def match_setup(setup: Mapping[str, Any]) -> MatchSetup:
    def sheet(side: str) -> TeamSheet:
        team = setup[side]
        return TeamSheet(
            side=side,
            team_id=team["name"],
            name=team["name"],
            players=tuple(PlayerEntry(id=name, name=name) for name in team["players"]),
        )

    return MatchSetup(home=sheet("home"), away=sheet("away"), rules=dict(setup["rules"]))


# Five-ball sets (The Hundred) to eight-ball overs (Australian Tests until 1979).
MIN_BALLS_PER_OVER, MAX_BALLS_PER_OVER = 5, 8


def rules_for(info: Mapping[str, Any]) -> dict[str, Any]:
    match_type = info.get("match_type", "")
    balls_per_over = int(info.get("balls_per_over", 6))
    if not MIN_BALLS_PER_OVER <= balls_per_over <= MAX_BALLS_PER_OVER:
        raise ValueError(f"balls_per_over {balls_per_over} is not a cricket over")
    overs = info.get("overs") or LIMITED_OVERS.get(match_type)
    if match_type in ("Test", "MDM") or overs is None:
        female = info.get("gender") == "female"
        return {
            "balls_per_over": balls_per_over,
            "innings_per_side": 2,
            # Law 14.1.1: 200 in a match of five days or more, 150 in three or four days;
            # women's Tests are scheduled for four days.
            "follow_on_lead": 150 if female else 200,
        }
    first_date = min(info.get("dates") or [""])
    rules: dict[str, Any] = {
        "balls_per_over": balls_per_over,
        "overs_per_innings": int(overs),
        "innings_per_side": 1,
        "max_overs_per_bowler": math.ceil(int(overs) / 5),
        "free_hit": first_date >= FREE_HIT_FROM,
    }
    if balls_per_over == 5:
        # The Hundred: a bowler may deliver two five-ball sets in a row.
        rules["max_consecutive_overs"] = 2
    return rules


def _add_unlisted_players(
    match: Mapping[str, Any], players: dict[str, list[str]], sides: Mapping[str, str]
) -> None:
    teams = list(sides)
    for innings in match.get("innings", []):
        batting = innings["team"]
        fielding = teams[1] if batting == teams[0] else teams[0]
        for over in innings.get("overs", []):
            for ball in over["deliveries"]:
                for name in (_batter(ball), ball["non_striker"]):
                    if name not in players[batting]:
                        players[batting].append(name)
                if ball["bowler"] not in players[fielding]:
                    players[fielding].append(ball["bowler"])
                for item in (ball.get("replacements") or {}).get("match", []):
                    team = item.get("team", batting)
                    if team in players and item["in"] not in players[team]:
                        players[team].append(item["in"])


def _batter(ball: Mapping[str, Any]) -> str:
    return ball.get("batter") or ball["batsman"]  # "batsman" before format 1.0.0


def _innings_events(
    number: int,
    innings: Mapping[str, Any],
    sides: Mapping[str, str],
    info: Mapping[str, Any],
    totals: list[int],
) -> list[Placed]:
    """The innings' events, each ball's own with the ball's position, the rest with None."""
    side = sides[innings["team"]]
    overs = innings.get("overs", [])
    first = overs[0]["deliveries"][0] if overs else None
    start: dict[str, Any] = {"batting": side}
    if innings.get("super_over"):
        start["super_over"] = True
    if first is not None:
        start["striker"], start["non_striker"] = _batter(first), first["non_striker"]
    revision = _revised_target(innings, info, totals)
    # A target first met before the innings' last ball was set when play was terminated
    # (a DLS par score): the scorer entered it after the last ball, not at the start.
    revised_at_end = bool(revision) and _met_before_last_ball(innings, revision)
    if not revised_at_end:
        start.update(revision)
    placed: list[Placed] = [(None, ("innings_start", start))]
    for name in innings.get("absent_hurt", []):
        placed.append((None, ("batter_absent", {"player": name})))
    penalty = innings.get("penalty_runs") or {}
    if penalty.get("pre"):
        placed.append((None, ("penalty_runs", {"side": side, "runs": int(penalty["pre"])})))
    runs = int(penalty.get("pre") or 0) + int(penalty.get("post") or 0)
    crease: list[str] = []
    for over_count, over in enumerate(overs, start=1):
        for ball_number, ball in enumerate(over["deliveries"], start=1):
            placed.extend((None, event) for event in _unrecorded_retirements(crease, ball))
            position = (number, over["over"], ball_number)
            placed.extend((position, event) for event in _ball_events(ball, sides))
            crease = _still_in(ball)
            runs += ball["runs"]["total"]
        if revised_at_end and over_count == len(overs):
            placed.append((None, ("target_revision", revision)))
        # A declaration closes the over with the innings; otherwise the umpire calls over.
        if not (innings.get("declared") and over_count == len(overs)):
            placed.append((None, ("over_end", {})))
    if innings.get("declared"):
        placed.append((None, ("innings_end", {"reason": "declared"})))
    elif _out_of_batters(innings, info):
        placed.append((None, ("innings_end", {"reason": "all_out"})))
    if innings.get("forfeited"):
        placed.append((None, ("innings_end", {"reason": "forfeited"})))
    if penalty.get("post"):
        placed.append((None, ("penalty_runs", {"side": side, "runs": int(penalty["post"])})))
    if not innings.get("super_over"):
        totals.append(runs)
    return placed


def _met_before_last_ball(innings: Mapping[str, Any], revision: Mapping[str, Any]) -> bool:
    target = revision.get("target")
    if target is None:
        return False
    runs = int((innings.get("penalty_runs") or {}).get("pre") or 0)
    balls = [ball for over in innings.get("overs", []) for ball in over["deliveries"]]
    for ball in balls[:-1]:
        runs += ball["runs"]["total"]
        if runs >= target:
            return True
    return False


def players_of(info: Mapping[str, Any], team: str) -> list[str]:
    return list(info.get("players", {}).get(team, []))


def _out_of_batters(innings: Mapping[str, Any], info: Mapping[str, Any]) -> bool:
    """Nine down with a retired batter who never came back: the innings is over, but only
    the scorer can say so (the batter might have resumed). Not when overs ran out or the
    target was reached, which close the innings anyway."""
    if innings.get("super_over"):
        return False
    squad = len(players_of(info, innings["team"]))
    balls = [ball for over in innings.get("overs", []) for ball in over["deliveries"]]
    legal = sum(1 for ball in balls if not {"wides", "noballs"} & set(ball.get("extras", {})))
    scheduled = info.get("overs") or LIMITED_OVERS.get(info.get("match_type", ""))
    limit = (innings.get("target") or {}).get("overs") or scheduled
    bpo = int(info.get("balls_per_over", 6))
    if limit is not None and legal >= parse_overs(limit, bpo):
        return False
    target_runs = (innings.get("target") or {}).get("runs")
    if target_runs is not None and _total(innings) >= target_runs:
        return False
    wickets = 0
    retired: set[str] = set()
    for over in innings.get("overs", []):
        for ball in over["deliveries"]:
            retired -= {_batter(ball), ball["non_striker"]}
            for wicket in ball.get("wickets", []):
                if wicket["kind"] in ("retired hurt", "retired not out"):
                    retired.add(wicket["player_out"])
                else:
                    wickets += 1
    players = min(squad, 11) if squad else 11
    absent = len(innings.get("absent_hurt", []))
    return bool(retired) and wickets < players - 1 - absent <= wickets + len(retired)


def _still_in(ball: Mapping[str, Any]) -> list[str]:
    gone = {wicket["player_out"] for wicket in ball.get("wickets", [])}
    return [name for name in (_batter(ball), ball["non_striker"]) if name not in gone]


def _unrecorded_retirements(crease: list[str], ball: Mapping[str, Any]) -> list[Event]:
    """Cricsheet sometimes omits a retirement (a batter simply stops appearing): a scorer
    would have recorded the batter who left two-in as retired hurt."""
    now = {_batter(ball), ball["non_striker"]}
    if len(crease) < 2 or set(crease) <= now:
        return []
    return [
        ("batter_retired", {"player": name, "kind": "retired_hurt"})
        for name in crease
        if name not in now
    ]


def _revised_target(
    innings: Mapping[str, Any], info: Mapping[str, Any], totals: list[int]
) -> dict[str, Any]:
    """Cricsheet gives every chase a target; the scorer enters one only when it was revised."""
    target = innings.get("target")
    if not target or innings.get("super_over") or len(totals) != 1:
        return {}
    scheduled = info.get("overs") or LIMITED_OVERS.get(info.get("match_type", ""))
    natural_runs = totals[0] + 1
    runs, overs = target.get("runs"), target.get("overs")
    revised: dict[str, Any] = {}
    if overs is not None and scheduled is not None and float(overs) != float(scheduled):
        revised["overs"] = str(overs)
    if runs is not None and runs != natural_runs:
        revised["target"] = int(runs)
        revised["method"] = "DLS"
    elif par := _par_from_outcome(innings, info):
        revised["target"] = par
        revised["method"] = "DLS"
    elif revised:
        revised["method"] = None
    return revised


def _par_from_outcome(innings: Mapping[str, Any], info: Mapping[str, Any]) -> int | None:
    """Some files keep the original target after play was terminated, so the DLS par the
    scorer entered shows only in the outcome: the chasing side won by runs under D/L."""
    outcome = info.get("outcome", {})
    margin = outcome.get("by", {}).get("runs")
    if outcome.get("method") != "D/L" or outcome.get("winner") != innings["team"] or not margin:
        return None
    penalty = innings.get("penalty_runs") or {}
    runs = int(penalty.get("pre") or 0) + _total(innings)
    return runs - int(margin) + 1


def _ball_events(ball: Mapping[str, Any], sides: Mapping[str, str]) -> list[Event]:
    events: list[Event] = []
    for item in (ball.get("replacements") or {}).get("match", []):
        events.append(
            (
                "replacement",
                {
                    "side": sides.get(item.get("team"), "home"),
                    "player_in": item["in"],
                    "player_out": item["out"],
                    "reason": item.get("reason"),
                },
            )
        )
    runs = ball["runs"]
    bat = int(runs.get("batter", runs.get("batsman", 0)))
    payload: dict[str, Any] = {
        "striker": _batter(ball),
        "non_striker": ball["non_striker"],
        "bowler": ball["bowler"],
        "runs": bat,
    }
    if bat in (4, 6) and not runs.get("non_boundary"):
        payload["boundary"] = True
    extras = {kind: int(value) for kind, value in (ball.get("extras") or {}).items() if value}
    if extras:
        payload["extras"] = extras
    retirements: list[Event] = []
    dismissals = []
    for wicket in ball.get("wickets", []):
        kind = wicket["kind"]
        if kind in RETIREMENTS:
            retirements.append(
                ("batter_retired", {"player": wicket["player_out"], "kind": RETIREMENTS[kind]})
            )
            continue
        dismissals.append(
            {
                "kind": kind,
                "player_out": wicket["player_out"],
                "fielders": [f["name"] for f in wicket.get("fielders", []) if "name" in f],
            }
        )
    if dismissals:
        payload["dismissals"] = dismissals
    events.append(("delivery", payload))
    events.extend(retirements)
    return events


def _outcome_events(match: Mapping[str, Any], sides: Mapping[str, str]) -> list[Event]:
    outcome = match["info"].get("outcome", {})
    result = outcome.get("result")
    if result == "no result":
        return [("result", {"kind": "no_result"})]
    if result == "draw":
        return [("result", {"kind": "draw"})]
    if outcome.get("method") == "Awarded":
        return [("result", {"kind": "awarded", "winner": sides[outcome["winner"]]})]
    if result != "tie":
        return []
    if "bowl_out" in outcome:
        winner = sides[outcome["bowl_out"]]
        return [("result", {"kind": "tie", "winner": winner, "tie_breaker": "bowl_out"})]
    if "eliminator" in outcome:
        supers = [inn for inn in match["innings"] if inn.get("super_over")]
        last_pair = [_total(inn) for inn in supers[-2:]]
        if len(last_pair) < 2 or last_pair[0] == last_pair[1]:
            breaker = "boundary_count" if supers else "super_over"
            winner = sides[outcome["eliminator"]]
            return [("result", {"kind": "tie", "winner": winner, "tie_breaker": breaker})]
    return []


def _total(innings: Mapping[str, Any]) -> int:
    return sum(
        ball["runs"]["total"] for over in innings.get("overs", []) for ball in over["deliveries"]
    )
