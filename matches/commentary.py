"""Ball-by-ball commentary lines from a cricket match's log (the events in force).

Plain Python: the log gives what happened, the squad gives names; nothing here decides
a score, so an undone or corrected ball simply reads as it now stands in the log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scoring.log import LoggedEvent

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
    events: Iterable[LoggedEvent], *, names: Mapping[Any, str], balls_per_over: int = 6
) -> list[CommentaryLine]:
    """Every delivery in force, oldest first, plus innings and over markers."""
    lines: list[CommentaryLine] = []
    innings, legal = 0, 0
    for event in events:
        payload = event.payload
        if event.kind == "innings_start":
            innings, legal = innings + 1, 0
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
        is_legal = not extras.get("wides") and not extras.get("noballs")
        over, ball = divmod(legal, balls_per_over)
        if is_legal:
            legal += 1
        text, tone, label = _describe(payload, extras, names)
        bowler = names.get(payload.get("bowler"), "Bowler")
        striker = names.get(payload.get("striker"), "batter")
        lines.append(
            CommentaryLine(
                event.seq,
                innings,
                f"{over}.{ball + 1}",
                f"{bowler} to {striker}: {text}",
                tone,
                label,
            )
        )
    return lines


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _describe(
    payload: Mapping[str, Any], extras: Mapping[str, int], names: Mapping[Any, str]
) -> tuple[str, str, str]:
    runs = _int(payload.get("runs"))
    parts: list[str] = []
    tone = ""
    if extras.get("wides"):
        parts.append(f"{extras['wides']} wide" + ("s" if extras["wides"] > 1 else ""))
        label, tone = f"{extras['wides']}wd", "extra"
    elif extras.get("noballs"):
        parts.append("no ball")
        label, tone = (
            f"{extras['noballs'] + runs + extras.get('byes', 0) + extras.get('legbyes', 0)}nb",
            "extra",
        )
    elif extras.get("byes"):
        parts.append(f"{extras['byes']} bye" + ("s" if extras["byes"] > 1 else ""))
        label, tone = f"{extras['byes']}b", "extra"
    elif extras.get("legbyes"):
        parts.append(f"{extras['legbyes']} leg bye" + ("s" if extras["legbyes"] > 1 else ""))
        label, tone = f"{extras['legbyes']}lb", "extra"
    else:
        label = str(runs)
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
    if dismissals:
        label = "W" if label == "0" else label + "W"
    return ", ".join(parts), tone, label
