"""Which ball of which over each delivery was, counted as the engine counts (Law 17).

An over ends when the umpire calls it (an `over_end` event), not after a fixed number of
legal balls: a miscounted five- or seven-ball over keeps its balls, and the next delivery
starts the next over. Wides and no-balls are not legal balls (Laws 21.9, 22.6): they carry
the number of the ball still to come, as scorers and Cricsheet write it ("3.2" twice)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def over_ball(completed_overs: int, legal_balls_in_over: int) -> str:
    """The label of the next delivery of an innings: "12.3" is the third ball of the 13th over."""
    return f"{completed_overs}.{legal_balls_in_over + 1}"


def is_legal_ball(payload: Mapping[str, Any]) -> bool:
    extras = payload.get("extras") or {}
    if not isinstance(extras, Mapping):
        return True
    return not (_positive(extras.get("wides")) or _positive(extras.get("noballs")))


def delivery_numbers(events: Iterable[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """For each (kind, payload) of a log in force, the over.ball of a `delivery`, "" otherwise."""
    numbers: list[str] = []
    completed_overs, legal_in_over = 0, 0
    for kind, payload in events:
        if kind == "innings_start":
            completed_overs, legal_in_over = 0, 0
        elif kind == "over_end":
            completed_overs, legal_in_over = completed_overs + 1, 0
        if kind != "delivery":
            numbers.append("")
            continue
        numbers.append(over_ball(completed_overs, legal_in_over))
        legal_in_over += is_legal_ball(payload)
    return numbers


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
