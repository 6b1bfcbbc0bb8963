"""StatsBomb open-data events and line-ups as football engine events, for replay tests.

StatsBomb `minute` counts from 0 and each period's `timestamp` restarts at 00:00, so the
events are given synthetic `at` times: a fixed kick-off plus one hour per period plus the
timestamp, from which the engine derives the same minutes a broadcaster shows.
Goals are Shot events with outcome "Goal" and "Own Goal Against" events; cards sit under
`foul_committed` or `bad_behaviour`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scoring.rules.contract import MatchSetup, PlayerEntry, TeamSheet

KICK_OFF = 1_600_000_000.0
PERIOD_NAMES = {1: "first_half", 2: "second_half", 3: "extra_time_first", 4: "extra_time_second"}
CARD_COLOURS = {"Yellow Card": "yellow", "Second Yellow": "yellow", "Red Card": "red"}
# Substitutions logged in the first seconds of a period were made during the interval.
INTERVAL_SECONDS = 5.0

Event = tuple[str, dict[str, Any]]


def match_setup(
    events: Sequence[dict[str, Any]], lineups: Sequence[dict[str, Any]], rules: dict | None = None
) -> MatchSetup:
    home_id, away_id = _team_order(events)
    sheets = {team["team_id"]: team for team in lineups}

    def sheet(side: str, team_id: int) -> TeamSheet:
        team = sheets[team_id]
        players = tuple(PlayerEntry(p["player_id"], p["player_name"]) for p in team["lineup"])
        return TeamSheet(side=side, team_id=team_id, name=team["team_name"], players=players)

    return MatchSetup(home=sheet("home", home_id), away=sheet("away", away_id), rules=rules or {})


def engine_events(
    events: Sequence[dict[str, Any]], lineups: Sequence[dict[str, Any]]
) -> list[Event]:
    home_id, _ = _team_order(events)
    sides = {home_id: "home"}
    squads = {team["team_id"]: [p["player_id"] for p in team["lineup"]] for team in lineups}
    converted: list[Event] = []
    started: set[int] = set()
    ended: set[int] = set()
    for event in sorted(events, key=lambda event: event["index"]):
        kind = event["type"]["name"]
        side = sides.get(event["team"]["id"], "away")
        period = event["period"]
        at = _at(event)
        if kind == "Starting XI":
            converted.append(_lineup(event, side, squads[event["team"]["id"]]))
        elif kind == "Half Start" and period not in started and period in PERIOD_NAMES:
            started.add(period)
            converted.append(("period_start", {"period": PERIOD_NAMES[period], "at": at}))
        elif kind == "Half End" and period not in ended and period in PERIOD_NAMES:
            ended.add(period)
            converted.append(("period_end", {"period": PERIOD_NAMES[period], "at": at}))
        elif kind == "Substitution":
            substitution = (
                "substitution",
                {
                    "side": side,
                    "player_off": event["player"]["id"],
                    "player_on": event["substitution"]["replacement"]["id"],
                    "at": at,
                },
            )
            if period > 1 and _seconds(event) < INTERVAL_SECONDS:
                # Made during the interval: replay it before the period's kick-off.
                kick_off = max(
                    position
                    for position, (name, _) in enumerate(converted)
                    if name == "period_start"
                )
                converted.insert(kick_off, substitution)
            else:
                converted.append(substitution)
        elif kind == "Shot" and event["shot"]["outcome"]["name"] == "Goal":
            penalty = event["shot"]["type"]["name"] == "Penalty"
            converted.append(
                (
                    "goal",
                    {
                        "side": side,
                        "scorer": event["player"]["id"],
                        "kind": "penalty" if penalty else "open_play",
                        "at": at,
                        "ref": event["id"],
                    },
                )
            )
        elif kind == "Own Goal Against":
            converted.append(
                (
                    "goal",
                    {
                        "side": "away" if side == "home" else "home",
                        "scorer": event["player"]["id"],
                        "kind": "own_goal",
                        "at": at,
                        "ref": event["id"],
                    },
                )
            )
        else:
            card = (event.get("foul_committed") or event.get("bad_behaviour") or {}).get("card")
            if card and card["name"] in CARD_COLOURS:
                converted.append(
                    (
                        "card",
                        {
                            "side": side,
                            "player": event["player"]["id"],
                            "card": CARD_COLOURS[card["name"]],
                            "at": at,
                            "ref": event["id"],
                        },
                    )
                )
    converted.append(("full_time", {}))
    return converted


def _team_order(events: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """StatsBomb lists the home side's Starting XI first."""
    teams = [event["team"]["id"] for event in events if event["type"]["name"] == "Starting XI"]
    return teams[0], teams[1]


def _lineup(event: dict[str, Any], side: str, squad: list[int]) -> Event:
    starting = [entry["player"]["id"] for entry in event["tactics"]["lineup"]]
    formation = "-".join(str(event["tactics"]["formation"]))
    bench = [player for player in squad if player not in starting]
    return ("lineup", {"side": side, "starting": starting, "bench": bench, "formation": formation})


def _seconds(event: dict[str, Any]) -> float:
    hours, minutes, seconds = event["timestamp"].split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _at(event: dict[str, Any]) -> float:
    return KICK_OFF + (event["period"] - 1) * 3600 + _seconds(event)
