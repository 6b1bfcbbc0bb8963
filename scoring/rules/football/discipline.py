"""Cautions and send-offs (Law 12), derived from the cards VAR has not cancelled.

Send-offs are never stored: a second caution or a red card is read off the card
entries, so cancelling a card by VAR undoes its consequences by construction.
"""

from __future__ import annotations

from typing import Any

from scoring.rules.contract import PlayerRef, RuleCode, RuleViolation
from scoring.rules.football import clock
from scoring.rules.football.state import MatchState, live_entries, record, require_side, squad

CARD_COLOURS = ("yellow", "red")


def cards(state: MatchState) -> list[dict[str, Any]]:
    """Live cards, each marked with whether it sent the player off and why."""
    cautions: list[tuple[str, PlayerRef]] = []
    annotated = []
    for entry in live_entries(state, "card"):
        who = (entry["side"], entry["player"])
        second_yellow = entry["card"] == "yellow" and who in cautions
        if entry["card"] == "yellow":
            cautions.append(who)
        sent_off = entry["card"] == "red" or second_yellow
        annotated.append({**entry, "second_yellow": second_yellow, "sent_off": sent_off})
    return annotated


def sent_off(state: MatchState) -> list[dict[str, Any]]:
    return [
        {
            "side": card["side"],
            "player": card["player"],
            "ref": card["ref"],
            "reason": "second_yellow" if card["second_yellow"] else "red",
        }
        for card in cards(state)
        if card["sent_off"]
    ]


def is_sent_off(state: MatchState, side: str, player: PlayerRef) -> bool:
    return any(off["side"] == side and off["player"] == player for off in sent_off(state))


def on_pitch(state: MatchState, side: str) -> list[PlayerRef]:
    gone = {off["player"] for off in sent_off(state) if off["side"] == side}
    return [player for player in state.on_field[side] if player not in gone]


def player_name(state: MatchState, side: str, player: PlayerRef) -> str:
    for entry in state.team(side)["players"]:
        if entry["id"] == player:
            return entry["name"]
    return str(player)


def require_playing(state: MatchState, side: str, player: Any, *, role: str = "player") -> None:
    """Refuse an act by someone who is not (or no longer) on the field of play."""
    if player is None:
        raise RuleViolation(RuleCode.MISSING_PLAYER, f"the {role} is required")
    if isinstance(player, bool) or not isinstance(player, int | str):
        raise RuleViolation(
            RuleCode.INVALID_PLAYER, f"a player id is an integer or a string: {player!r}"
        )
    name = player_name(state, side, player)
    if is_sent_off(state, side, player):
        raise RuleViolation(RuleCode.SENT_OFF, f"{name} was sent off and takes no further part")
    if state.lineups[side] is not None:
        if player not in state.on_field[side]:
            raise RuleViolation(RuleCode.NOT_ON_PITCH, f"{name} is not on the pitch for {side}")
        return
    known = squad(state, side)
    if known is not None and player not in known:
        raise RuleViolation(RuleCode.UNKNOWN_PLAYER, f"{player!r} is not in the {side} squad")


def apply_card(state: MatchState, payload: Any) -> list[str]:
    side = require_side(payload)
    player = payload.get("player")
    colour = payload.get("card")
    if colour not in CARD_COLOURS:
        raise RuleViolation(
            RuleCode.INVALID_CARD, f"card must be 'yellow' or 'red', not {colour!r}"
        )
    if state.status == "scheduled":
        raise RuleViolation(RuleCode.NOT_STARTED, "cards are recorded from kick-off")
    if player is None:
        raise RuleViolation(RuleCode.MISSING_PLAYER, "a card needs the player")
    if isinstance(player, bool) or not isinstance(player, int | str):
        raise RuleViolation(
            RuleCode.INVALID_PLAYER, f"a player id is an integer or a string: {player!r}"
        )
    name = player_name(state, side, player)
    known = squad(state, side)
    if known is not None and player not in known:
        raise RuleViolation(RuleCode.UNKNOWN_PLAYER, f"{player!r} is not in the {side} squad")
    if is_sent_off(state, side, player):
        raise RuleViolation(RuleCode.SENT_OFF, f"{name} was already sent off")
    stamped, warnings = clock.stamp(state, payload)
    if state.lineups[side] is not None and player not in state.on_field[side]:
        # Law 12: substitutes and substituted players can be cautioned or sent off too.
        warnings.append(f"{name} is not on the pitch (substitute or substituted player)")
    caution_count = sum(
        1
        for card in live_entries(state, "card")
        if card["side"] == side and card["player"] == player and card["card"] == "yellow"
    )
    if colour == "yellow" and caution_count >= 1:
        warnings.append(f"second yellow card: {name} is sent off")
    entry = {
        "kind": "card",
        "side": side,
        "player": player,
        "card": colour,
        "reason": payload.get("reason"),
        **stamped,
    }
    record(state, payload, entry)
    minimum = state.rules["min_players"]
    if state.lineups[side] is not None and len(on_pitch(state, side)) < minimum:
        # Law 3: a match may not continue if a team has fewer than seven players.
        warnings.append(f"{side} have fewer than {minimum} players: the match cannot continue")
    return warnings
