"""The public correction log: every undo and correction of a match, what it changed from
what to what, when, and by which role (never which person).

No live-score product shows its corrections; a fan who saw a four become a two, or a goal
disappear, can read here why the score moved back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from matches.models import Match
from scoring.models import EventSource, MatchEvent
from scoring.rules.contract import RuleViolation
from scoring.rules.cricket.delivery import ball_label, read_extras
from scoring.rules.cricket.state import EXTRA_KINDS

UNDO, CORRECTION = "undo", "correction"


@dataclass(frozen=True)
class Correction:
    seq: int
    kind: str  # "undo" or "correction"
    target_seq: int
    before: str  # what the corrected entry said
    after: str | None  # what it says now (None: struck out by an undo)
    role: str  # "match scorer", "scoring staff", "operator", "system" …
    at: datetime


def match_corrections_get(*, match: Match) -> list[Correction]:
    """Newest first."""
    rows = list(
        MatchEvent.objects.filter(match=match, kind__in=(UNDO, CORRECTION))
        .select_related("author")
        .order_by("-seq")
    )
    if not rows:
        return []
    targets = {
        event.seq: event
        for event in MatchEvent.objects.filter(
            match=match, seq__in={row.target_seq for row in rows if row.target_seq}
        )
    }
    names = dict(match.squad.values_list("player_id", "player__name"))
    scorers = set(match.scorers.values_list("pk", flat=True))
    corrections = []
    for row in rows:
        target = targets.get(row.target_seq)
        # What the entry said just before this row: its latest earlier correction, if any.
        earlier = [
            other
            for other in rows
            if other.kind == CORRECTION
            and other.target_seq == row.target_seq
            and other.seq < row.seq
        ]
        shown = max(earlier, key=lambda other: other.seq) if earlier else target
        before = _said(shown, names) if shown else f"entry #{row.target_seq}"
        after = None
        if row.kind == CORRECTION:
            after = describe(row.payload.get("kind", ""), row.payload.get("payload") or {}, names)
        corrections.append(
            Correction(
                seq=row.seq,
                kind=row.kind,
                target_seq=row.target_seq or 0,
                before=before,
                after=after,
                role=_role(row, scorers=scorers),
                at=row.created_at,
            )
        )
    return corrections


def _said(event: MatchEvent, names: Mapping[Any, str]) -> str:
    if event.kind == CORRECTION:  # a correction corrected again: what it had said
        return describe(event.payload.get("kind", ""), event.payload.get("payload") or {}, names)
    return describe(event.kind, event.payload, names)


def describe(kind: str, payload: Mapping[str, Any], names: Mapping[Any, str]) -> str:
    """One line a fan can read for a logged event."""

    def name(key: str) -> str:
        value = payload.get(key)
        return names.get(value, str(value)) if value is not None else "?"

    if kind == "delivery":
        try:
            extras = read_extras(payload)
        except RuleViolation:  # an entry as recorded, outside the live console's checks
            extras = dict.fromkeys(EXTRA_KINDS, 0)
        dismissals = payload.get("dismissals") or []
        runs = payload.get("runs") or 0
        line = f"{name('bowler')} to {name('striker')}: {ball_label(runs, extras, len(dismissals))}"
        for dismissal in dismissals:
            out = dismissal.get("player_out")
            line += f", {names.get(out, out)} {str(dismissal.get('kind', 'out')).replace('_', ' ')}"
        return line
    if kind == "goal":
        return f"Goal: {name('scorer')} ({payload.get('side', '?')})"
    if kind == "card":
        return f"{str(payload.get('card', '')).capitalize()} card: {name('player')}"
    if kind == "substitution":
        return f"Substitution: {name('player_on')} on for {name('player_off')}"
    return kind.replace("_", " ").capitalize()


def _role(event: MatchEvent, *, scorers: set[int]) -> str:
    user = event.author
    if user is None or (not user.is_active and not user.has_usable_password()):
        return {
            EventSource.CRAWLER: "feed",
            EventSource.IMPORT: "import",
            EventSource.DEMO: "demo",
        }.get(event.source, "system")
    if user.pk in scorers:
        return "match scorer"
    if user.is_superuser or user.is_scoring_staff:
        return "scoring staff"
    if user.has_perm("matches.run_crawl"):
        return "operator"
    return "scorer"
