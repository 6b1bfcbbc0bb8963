"""Ball-by-ball commentary lines from a cricket match's log (the events in force).

Plain Python: the log gives what happened, the squad gives names; nothing here decides
a score, so an undone or corrected ball simply reads as it now stands in the log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scoring.rules.contract import RuleViolation
from scoring.rules.cricket.delivery import ball_label, read_extras
from scoring.rules.cricket.numbering import delivery_numbers
from scoring.rules.replay import LoggedEvent

DISMISSAL_WORDS = {
    "bowled": "bowled",
    "caught": "caught",
    "caught_and_bowled": "caught and bowled",
    "lbw": "lbw",
    "run_out": "run out",
    "stumped": "stumped",
    "hit_wicket": "hit wicket",
    "obstructing_the_field": "obstructing the field",
    "handled_the_ball": "handled the ball",
    "timed_out": "timed out",
    "retired_out": "retired out",
}


@dataclass(frozen=True)
class CommentaryLine:
    seq: int
    innings: int
    ball: str  # "12.3": the over and the legal ball it belongs to
    text: str
    tone: str  # "four", "six", "wicket", "extra" or "" — how the line is highlighted
    label: str  # the this-over chip: "4", "W", "1wd" …


def cricket_commentary(
    events: Iterable[LoggedEvent], *, names: Mapping[Any, str]
) -> list[CommentaryLine]:
    """Every delivery in force, oldest first, numbered by the engine, plus innings markers."""
    events = list(events)
    numbers = delivery_numbers((event.kind, event.payload) for event in events)
    lines: list[CommentaryLine] = []
    innings = 0
    for event, number in zip(events, numbers, strict=True):
        payload = event.payload
        if event.kind == "innings_start":
            innings += 1
            side = payload.get("batting", "")
            lines.append(
                CommentaryLine(
                    event.seq, innings, "", f"Innings {innings} begins ({side}).", "", ""
                )
            )
            continue
        if event.kind != "delivery":
            continue
        extras = {k: _int(v) for k, v in (payload.get("extras") or {}).items()}
        text, tone = _describe(payload, extras, names)
        label = _label(payload)
        bowler = names.get(payload.get("bowler"), "Bowler")
        striker = names.get(payload.get("striker"), "batter")
        lines.append(
            CommentaryLine(
                event.seq,
                innings,
                number,
                f"{bowler} to {striker}: {text}",
                tone,
                label,
            )
        )
    return lines


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _label(payload: Mapping[str, Any]) -> str:
    """The engine's this-over chip for the ball ("4", "W", "1wd" …)."""
    try:
        extras = read_extras(payload)
    except RuleViolation:  # the engine refused it, so it is not in force; read it as a dot
        return "0"
    runs = _int(payload.get("runs"))
    return ball_label(runs, extras, len(payload.get("dismissals") or []))


def _describe(
    payload: Mapping[str, Any], extras: Mapping[str, int], names: Mapping[Any, str]
) -> tuple[str, str]:
    runs = _int(payload.get("runs"))
    parts: list[str] = []
    tone = ""
    if extras.get("wides"):
        parts.append(f"{extras['wides']} wide" + ("s" if extras["wides"] > 1 else ""))
        tone = "extra"
    elif extras.get("noballs"):
        parts.append("no ball")
        tone = "extra"
    elif extras.get("byes"):
        parts.append(f"{extras['byes']} bye" + ("s" if extras["byes"] > 1 else ""))
        tone = "extra"
    elif extras.get("legbyes"):
        parts.append(f"{extras['legbyes']} leg bye" + ("s" if extras["legbyes"] > 1 else ""))
        tone = "extra"
    if runs == 6 and payload.get("boundary", True):
        parts.append("SIX")
        tone = "six"
    elif runs == 4 and payload.get("boundary", runs == 4):
        parts.append("FOUR")
        tone = "four"
    elif runs:
        parts.append(f"{runs} run" + ("s" if runs > 1 else ""))
    elif not parts:
        parts.append("no run")
    dismissals = payload.get("dismissals") or []
    for dismissal in dismissals:
        if not isinstance(dismissal, Mapping):
            continue
        out = names.get(dismissal.get("player_out"), "batter")
        how = DISMISSAL_WORDS.get(str(dismissal.get("kind")), str(dismissal.get("kind", "out")))
        parts.append(f"OUT! {out} {how}")
        tone = "wicket"
    return ", ".join(parts), tone
