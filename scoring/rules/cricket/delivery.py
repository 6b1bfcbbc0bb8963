"""Laws 17-28 and 41 at the crease: one delivery, the end of an over, closing an innings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.rules.contract import PlayerRef, RuleCode, RuleViolation
from scoring.rules.cricket import dismissal, result
from scoring.rules.cricket.rules import format_overs
from scoring.rules.cricket.state import EXTRA_KINDS, BatterCard, Innings, MatchState

MAX_DISMISSALS_PER_BALL = 2


def count(payload: Mapping[str, Any], key: str, *, default: int = 0) -> int:
    value = payload.get(key, default)
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, f"{key} must be a whole number")
    if value < 0:
        raise RuleViolation(RuleCode.NEGATIVE_RUNS, f"{key} cannot be negative ({value})")
    return value


def read_extras(payload: Mapping[str, Any]) -> dict[str, int]:
    raw = payload.get("extras") or {}
    if not isinstance(raw, Mapping):
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, "extras must be an object")
    unknown = set(raw) - set(EXTRA_KINDS)
    if unknown:
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, f"unknown extras {sorted(unknown)}")
    extras = {kind: count(raw, kind) for kind in EXTRA_KINDS}
    if extras["wides"] and extras["noballs"]:
        raise RuleViolation(
            RuleCode.INVALID_EXTRAS, "a delivery cannot be both a wide and a no-ball"
        )
    if extras["byes"] and extras["legbyes"]:
        raise RuleViolation(RuleCode.INVALID_EXTRAS, "runs are either byes or leg-byes, not both")
    if extras["wides"] and (extras["byes"] or extras["legbyes"]):
        raise RuleViolation(RuleCode.INVALID_EXTRAS, "runs taken off a wide are scored as wides")
    return extras


def batting_players(state: MatchState, side: str) -> list[PlayerRef]:
    return [ref for ref, _name in state.team(side)["players"]]


def check_in_team(state: MatchState, side: str, player: Any, role: str) -> PlayerRef:
    if player is None or isinstance(player, bool) or not isinstance(player, int | str):
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, f"{role} must be a player id")
    players = batting_players(state, side)
    if players and player not in players:
        team = state.team(side)["name"]
        raise RuleViolation(RuleCode.UNKNOWN_PLAYER, f"{role} {player!r} is not in the {team} side")
    return player


def batting_limit(state: MatchState, side: str) -> int:
    """Law 1: eleven batters, plus whoever came in as a permitted replacement."""
    replaced = sum(1 for item in state.replacements if item["side"] == side)
    return state.rules.players_per_side + replaced


def bring_in(
    state: MatchState, innings: Innings, player: PlayerRef, *, joins_partnership: bool = True
) -> None:
    """A batter walks in (or a retired batter resumes, Law 25.4)."""
    card = innings.batter(player)
    if card is not None:
        if card.dismissal is not None:
            raise RuleViolation(RuleCode.BATTER_DISMISSED, f"{player!r} is already out")
        if card.absent:
            raise RuleViolation(RuleCode.BATTER_ABSENT, f"{player!r} is recorded absent")
        card.retired_hurt = False
        return
    if innings.is_super_over:
        limit = state.rules.super_over_wickets + 1
    else:
        limit = batting_limit(state, innings.batting_side)
    arrived = sum(1 for item in innings.batting if not item.absent)
    if arrived >= limit:
        raise RuleViolation(RuleCode.NO_BATTER_LEFT, f"{player!r} would be batter {arrived + 1}")
    innings.batting.append(BatterCard(player))
    if not joins_partnership:
        return
    partnership = innings.partnerships[-1] if innings.partnerships else None
    if partnership is None or len(partnership["batters"]) >= 2:
        innings.partnerships.append(
            {"wicket": innings.wickets + 1, "batters": [player], "runs": 0, "balls": 0}
        )
    else:
        partnership["batters"].append(player)


def take_guard(
    state: MatchState, innings: Innings, striker: PlayerRef, non_striker: PlayerRef
) -> list[str]:
    """Put the named batters at the crease, filling vacancies; warn if strike looks wrong."""
    warnings: list[str] = []
    if striker == non_striker:
        raise RuleViolation(RuleCode.INVALID_PAYLOAD, "striker and non-striker must differ")
    at_crease = {innings.striker, innings.non_striker} - {None}
    arriving = [player for player in (striker, non_striker) if player not in at_crease]
    vacancies = 2 - len(at_crease)
    if len(arriving) > vacancies:
        batting = " and ".join(repr(player) for player in at_crease) or "nobody"
        raise RuleViolation(
            RuleCode.BATTER_NOT_IN, f"{arriving[0]!r} is not in ({batting} at the crease)"
        )
    for player in arriving:
        bring_in(state, innings, player)
    expected = innings.striker
    if (
        not arriving
        and innings.strike_known
        and expected is not None
        and expected != striker
        and innings.over_open
    ):
        warnings.append(
            f"{state.player_name(striker)} faced, but {state.player_name(expected)}"
            " should have been on strike"
        )
    innings.striker, innings.non_striker = striker, non_striker
    innings.strike_known = True
    return warnings


def check_bowler(state: MatchState, innings: Innings, bowler: PlayerRef) -> None:
    over_bowlers = {entry["bowler"] for entry in innings.this_over}
    if bowler in over_bowlers:
        return
    rules = state.rules
    if rules.max_consecutive_overs == 1:
        if bowler in innings.previous_over_bowlers:
            raise RuleViolation(
                RuleCode.CONSECUTIVE_OVERS,
                f"{state.player_name(bowler)} bowled the previous over (Law 17.8)",
            )
    elif innings.over_open is False:
        recent = innings.recent_over_bowlers[-rules.max_consecutive_overs :]
        if len(recent) == rules.max_consecutive_overs and all(b == bowler for b in recent):
            raise RuleViolation(
                RuleCode.CONSECUTIVE_OVERS,
                f"{state.player_name(bowler)} has bowled {len(recent)} overs in a row",
            )


def quota_warnings(state: MatchState, innings: Innings, bowler: PlayerRef) -> list[str]:
    """Bowling beyond the quota is the umpires' error to prevent; the scorer records it."""
    if innings.over_open:
        return []
    quota = 1 if innings.is_super_over else state.rules.max_overs_per_bowler
    card = next((item for item in innings.bowling if item.player == bowler), None)
    if quota is None or card is None or card.overs < quota:
        return []
    return [f"{state.player_name(bowler)} is bowling over {card.overs + 1} (limit {quota})"]


def ball_label(runs: int, extras: dict[str, int], wickets: int) -> str:
    if extras["wides"]:
        label = f"{extras['wides']}wd"
    elif extras["noballs"]:
        label = f"{extras['noballs'] + runs + extras['byes'] + extras['legbyes']}nb"
    elif extras["byes"]:
        label = f"{extras['byes']}b"
    elif extras["legbyes"]:
        label = f"{extras['legbyes']}lb"
    else:
        label = str(runs)
    if extras["penalty"]:
        label += f"+{extras['penalty']}p"
    if wickets:
        label = "W" if label == "0" else label + "W"
    return label


def apply_delivery(state: MatchState, innings: Innings, payload: Mapping[str, Any]) -> list[str]:
    rules = state.rules
    side = innings.batting_side
    fielding = result.OTHER_SIDE[side]
    striker = check_in_team(state, side, payload.get("striker"), "striker")
    non_striker = check_in_team(state, side, payload.get("non_striker"), "non_striker")
    bowler = check_in_team(state, fielding, payload.get("bowler"), "bowler")
    runs = count(payload, "runs")
    extras = read_extras(payload)
    boundary = bool(payload.get("boundary", False))
    if boundary and runs not in (4, 6):
        raise RuleViolation(RuleCode.INVALID_BOUNDARY, "a boundary hit scores 4 or 6 off the bat")
    if runs and extras["wides"]:
        raise RuleViolation(
            RuleCode.INVALID_EXTRAS, "no runs can be scored off the bat from a wide"
        )
    if runs and (extras["byes"] or extras["legbyes"]):
        raise RuleViolation(RuleCode.INVALID_EXTRAS, "runs off the bat exclude byes and leg-byes")
    dismissals = payload.get("dismissals") or []
    if not isinstance(dismissals, list) or len(dismissals) > MAX_DISMISSALS_PER_BALL:
        raise RuleViolation(RuleCode.INVALID_DISMISSAL, "a delivery has at most two dismissals")

    warnings = take_guard(state, innings, striker, non_striker)
    check_bowler(state, innings, bowler)
    warnings += quota_warnings(state, innings, bowler)
    over_legal = sum(1 for entry in innings.this_over if entry["legal"])
    is_wide, is_no_ball = extras["wides"] > 0, extras["noballs"] > 0
    is_legal = not (is_wide or is_no_ball)
    if is_legal and over_legal >= rules.balls_per_over:
        warnings.append(
            f"ball {over_legal + 1} of over {innings.completed_overs + 1}:"
            f" the over has {rules.balls_per_over} legal balls"
        )
    outs = _check_dismissals(state, innings, dismissals, is_wide, is_no_ball)

    total = runs + sum(extras.values())
    bowler_runs = runs + extras["wides"] + extras["noballs"]
    innings.runs += total
    innings.legal_balls += is_legal
    for kind, value in extras.items():
        innings.extras[kind] += value
    batter = innings.card(striker)
    batter.runs += runs
    batter.balls += not is_wide
    batter.fours += boundary and runs == 4
    batter.sixes += boundary and runs == 6
    card = innings.bowler(bowler)
    card.runs += bowler_runs
    card.balls += is_legal
    card.wides += is_wide
    card.noballs += is_no_ball
    partnership = innings.partnerships[-1]
    partnership["runs"] += total
    partnership["balls"] += is_legal
    innings.this_over.append(
        {
            "label": ball_label(runs, extras, len(outs)),
            "bowler": bowler,
            "legal": is_legal,
            "bowler_runs": bowler_runs,
            "runs": total,
            "wickets": 0,
        }
    )
    innings.free_hit = rules.free_hit and (is_no_ball or (innings.free_hit and is_wide))

    runs_run = (0 if boundary else runs) + extras["byes"] + extras["legbyes"]
    runs_run += max(extras["wides"] - 1, 0)
    if runs_run % 2:
        innings.striker, innings.non_striker = innings.non_striker, innings.striker
    for kind, player_out, fielders in outs:
        if kind == dismissal.TIMED_OUT:
            # Law 40: the incoming batter is out before reaching the crease; no partnership.
            bring_in(state, innings, player_out, joins_partnership=False)
        record_wicket(state, innings, player_out, kind, bowler=bowler, fielders=fielders)
    check_close(state, innings)
    return warnings


def _check_dismissals(
    state: MatchState,
    innings: Innings,
    dismissals: list[Any],
    is_wide: bool,
    is_no_ball: bool,
) -> list[tuple[str, PlayerRef, list[Any]]]:
    outs: list[tuple[str, PlayerRef, list[Any]]] = []
    for item in dismissals:
        if not isinstance(item, Mapping):
            raise RuleViolation(RuleCode.INVALID_DISMISSAL, "each dismissal must be an object")
        kind = item.get("kind")
        player_out = item.get("player_out")
        dismissal.check_dismissal(
            kind,
            player_out=player_out,
            striker=innings.striker,
            non_striker=innings.non_striker,
            is_wide=is_wide,
            is_no_ball=is_no_ball,
            is_free_hit=innings.free_hit,
        )
        if any(player_out == out for _kind, out, _f in outs):
            raise RuleViolation(RuleCode.INVALID_DISMISSAL, f"{player_out!r} cannot be out twice")
        fielders = item.get("fielders") or []
        if not isinstance(fielders, list):
            raise RuleViolation(RuleCode.INVALID_DISMISSAL, "fielders must be a list")
        if kind == dismissal.TIMED_OUT:
            check_in_team(state, innings.batting_side, player_out, "player_out")
            card = innings.batter(player_out)
            if card is not None and card.dismissal is not None:
                raise RuleViolation(RuleCode.BATTER_DISMISSED, f"{player_out!r} is already out")
        outs.append((kind, player_out, list(fielders)))
    return outs


def record_wicket(
    state: MatchState,
    innings: Innings,
    player: PlayerRef,
    kind: str,
    *,
    bowler: PlayerRef | None = None,
    fielders: list[Any] | None = None,
) -> None:
    card = innings.card(player)
    credited = kind in dismissal.BOWLER_CREDITED
    card.dismissal = {
        "kind": kind,
        "bowler": bowler if credited else None,
        "fielders": fielders or [],
    }
    innings.wickets += 1
    if credited and bowler is not None:
        innings.bowler(bowler).wickets += 1
    if innings.this_over:
        innings.this_over[-1]["wickets"] += 1
    innings.fall_of_wickets.append(
        {
            "wicket": innings.wickets,
            "runs": innings.runs,
            "player": player,
            "legal_balls": innings.legal_balls,
            "overs": _overs_now(state, innings),
        }
    )
    if player in (innings.striker, innings.non_striker):
        leave_crease(innings, player, new_batter_faces=kind in _NEW_BATTER_FACES)
    if kind == dismissal.RUN_OUT:
        innings.strike_known = False


# Law 18.11: after a catch (or the other ways the striker is out before any run counts)
# the incoming batter takes strike, whether or not the batters crossed.
_NEW_BATTER_FACES = frozenset({dismissal.CAUGHT, dismissal.CAUGHT_AND_BOWLED})


def leave_crease(innings: Innings, player: PlayerRef, *, new_batter_faces: bool = False) -> None:
    """A batter leaves (out or retired): the partnership ends and their end falls vacant."""
    if player == innings.striker:
        innings.striker = None
    elif player == innings.non_striker:
        innings.non_striker = None
    if new_batter_faces and innings.striker is not None and innings.non_striker is None:
        innings.striker, innings.non_striker = None, innings.striker
    survivors = [p for p in (innings.striker, innings.non_striker) if p is not None]
    innings.partnerships.append(
        {"wicket": innings.wickets + 1, "batters": survivors, "runs": 0, "balls": 0}
    )


def _overs_now(state: MatchState, innings: Innings) -> str:
    in_over = sum(1 for entry in innings.this_over if entry["legal"])
    if in_over >= state.rules.balls_per_over:
        return str(innings.completed_overs + 1)
    return f"{innings.completed_overs}.{in_over}" if in_over else str(innings.completed_overs)


def check_close(state: MatchState, innings: Innings) -> None:
    if innings.closed:
        return
    needed = result.target(state, innings)
    if needed is not None and innings.runs >= needed:
        close_innings(state, innings, "target_reached")
    elif innings.wickets >= result.wickets_to_bowl_out(state, innings):
        close_innings(state, innings, "all_out")
    elif _partial_limit_reached(state, innings):
        close_innings(state, innings, "overs_complete")


def _partial_limit_reached(state: MatchState, innings: Innings) -> bool:
    limit = result.limit_balls(state, innings)
    bpo = state.rules.balls_per_over
    if limit is None or limit % bpo == 0:
        return False
    in_over = sum(1 for entry in innings.this_over if entry["legal"])
    return innings.completed_overs * bpo + in_over >= limit


def end_over(state: MatchState, innings: Innings) -> list[str]:
    """The umpire calls over (Law 17.4): figures for the over, change of ends."""
    if not innings.over_open:
        raise RuleViolation(
            RuleCode.NO_OVER_IN_PROGRESS, "no delivery has been bowled in this over"
        )
    bpo = state.rules.balls_per_over
    warnings: list[str] = []
    legal = sum(1 for entry in innings.this_over if entry["legal"])
    called = not innings.closed or legal >= bpo
    if not innings.closed and legal != bpo:
        warnings.append(
            f"over {innings.completed_overs + 1} was called after {legal} legal balls (not {bpo})"
        )
    if called:
        _credit_over(innings)
        innings.completed_overs += 1
    else:
        innings.unfinished_over_balls = legal
    innings.runs_per_over.append(sum(entry["runs"] for entry in innings.this_over))
    innings.wickets_per_over.append(sum(entry["wickets"] for entry in innings.this_over))
    innings.previous_over_bowlers = list(dict.fromkeys(e["bowler"] for e in innings.this_over))
    recent = [*innings.recent_over_bowlers, innings.this_over[-1]["bowler"]]
    innings.recent_over_bowlers = recent[-state.rules.max_consecutive_overs :]
    innings.this_over = []
    if not innings.closed:
        innings.striker, innings.non_striker = innings.non_striker, innings.striker
        limit = result.limit_balls(state, innings)
        if limit is not None and limit % bpo == 0 and innings.completed_overs * bpo >= limit:
            close_innings(state, innings, "overs_complete")
    return warnings


def _credit_over(innings: Innings) -> None:
    finishing = innings.this_over[-1]["bowler"]
    card = innings.bowler(finishing)
    card.overs += 1
    card.balls_in_overs += sum(
        1 for entry in innings.this_over if entry["legal"] and entry["bowler"] == finishing
    )
    bowlers = {entry["bowler"] for entry in innings.this_over}
    if len(bowlers) == 1 and not any(entry["bowler_runs"] for entry in innings.this_over):
        card.maidens += 1


def close_innings(state: MatchState, innings: Innings, reason: str) -> None:
    innings.closed = True
    innings.close_reason = reason
    innings.free_hit = False
    decided = result.decide(state)
    if decided is not None:
        state.result = decided


def finish_open_over(state: MatchState, innings: Innings) -> None:
    """Before the next innings or the result, the last (part-)over goes into the figures."""
    if innings.over_open:
        end_over(state, innings)


__all__ = ["apply_delivery", "close_innings", "end_over", "format_overs", "record_wicket"]
