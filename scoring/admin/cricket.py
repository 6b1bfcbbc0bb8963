"""The cricket scorer's console in admin: one click (or key) per ball.

Every button is a submit of one plain form, so the console works without JavaScript;
static/js/cricket_console.js adds keyboard shortcuts (a ball in at most two keys). Each
post calls one scoring service; a refused ball is shown as the form's error and writes
nothing. Striker, non-striker and bowler are preselected from the engine's state, so they
stay put between balls and swap when the engine swaps them (runs, over ends).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render

from matches.lifecycle import allowed_transitions
from matches.models import Match
from scoring import services
from scoring.errors import ScoringError
from scoring.models import EventSource, MatchEvent
from scoring.rules.replay import events_in_force
from scoring.selectors import match_detail_get, match_log_get
from scoring.selectors.commentary import cricket_commentary

RUNS = ("0", "1", "2", "3", "4", "5", "6")
EXTRAS = {"wide": "wides", "noball": "noballs", "bye": "byes", "legbye": "legbyes"}
DISMISSAL_KINDS = (
    "bowled",
    "caught",
    "caught and bowled",
    "lbw",
    "run out",
    "stumped",
    "hit wicket",
    "hit the ball twice",
    "obstructing the field",
    "handled the ball",
    "timed out",
)
ACTIONS = (
    {f"run:{runs}" for runs in RUNS}
    | set(EXTRAS)
    | {
        "wicket",
        "over_end",
        "undo",
        "innings_start",
    }
)


class BallForm(forms.Form):
    action = forms.ChoiceField(choices=[(action, action) for action in sorted(ACTIONS)])
    striker = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    non_striker = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    bowler = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    extra_runs = forms.IntegerField(min_value=0, max_value=7, required=False, initial=0)
    dismissal_kind = forms.ChoiceField(
        choices=[(kind, kind) for kind in DISMISSAL_KINDS], required=False, initial="caught"
    )
    player_out = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    fielder = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    batting = forms.ChoiceField(choices=[("home", "home"), ("away", "away")], required=False)
    expected_seq = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    correct_seq = forms.IntegerField(
        min_value=1,
        required=False,
        help_text="Fill in to replace that earlier ball with the one entered now.",
    )

    def __init__(self, *args, players: dict[str, list[tuple[int, str]]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everyone = [("", "—"), *players["home"], *players["away"]]
        for name in ("striker", "non_striker", "bowler", "player_out", "fielder"):
            self.fields[name].choices = everyone

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action", "")
        needs_batters = action.startswith("run:") or action in EXTRAS or action == "wicket"
        if needs_batters:
            for name in ("striker", "non_striker", "bowler"):
                if data.get(name) is None:
                    self.add_error(name, "Choose a player.")
        if action == "wicket" and data.get("player_out") is None:
            self.add_error("player_out", "Who is out?")
        if action == "innings_start" and not data.get("batting"):
            self.add_error("batting", "Which side bats?")
        if data.get("correct_seq") and not needs_batters:
            self.add_error("correct_seq", "Only a ball can replace an earlier ball.")
        return data


def delivery_payload(data: dict[str, Any]) -> dict[str, Any]:
    """The engine's delivery payload for one console action (run:N, an extra, a wicket)."""
    action = data["action"]
    extra_runs = data.get("extra_runs") or 0
    payload: dict[str, Any] = {
        "striker": data["striker"],
        "non_striker": data["non_striker"],
        "bowler": data["bowler"],
        "runs": 0,
    }
    if action.startswith("run:"):
        payload["runs"] = int(action.split(":", 1)[1])
    elif action == "wide":
        payload["extras"] = {"wides": 1 + extra_runs}
    elif action == "noball":
        payload["extras"] = {"noballs": 1}
        payload["runs"] = extra_runs  # off the bat
    elif action in ("bye", "legbye"):
        payload["extras"] = {EXTRAS[action]: extra_runs or 1}
    elif action == "wicket":
        payload["runs"] = extra_runs  # runs completed before a run out
        fielders = [data["fielder"]] if data.get("fielder") is not None else []
        payload["dismissals"] = [
            {"kind": data["dismissal_kind"], "player_out": data["player_out"], "fielders": fielders}
        ]
    if payload["runs"] in (4, 6):
        payload["boundary"] = True
    return payload


def score_cricket(request, match: Match, *, event_form: forms.Form):
    players = _squad(match)
    form = None
    if request.method == "POST" and request.POST.get("action") == "status":
        _transition(request, match)
        return redirect("admin:matches_match_score", match_id=match.pk)
    if request.method == "POST":
        form = BallForm(request.POST, players=players)
        if form.is_valid() and _record(request, match, form):
            return redirect("admin:matches_match_score", match_id=match.pk)
    match, card = match_detail_get(match_id=match.pk)
    board = getattr(match, "scoreboard", None)
    seq = board.seq if board else 0
    if form is None or form.is_valid():
        form = BallForm(initial=_sticky(card, seq), players=players)
    current = card["current"]
    batting = current["batting"] if current else None
    context = {
        **admin.site.each_context(request),
        "title": f"Score {match}",
        "match": match,
        "card": card,
        "seq": seq,
        "form": form,
        "current": current,
        "innings": card["innings"][-1] if card["innings"] else None,
        "batters": players.get(batting, []) if batting else [],
        "fielders": players.get(_other(batting), []) if batting else [],
        "players": players,
        "runs": RUNS,
        "transitions": allowed_transitions(match.status),
        "last_entries": _last_entries(match, players=players),
        "problems": _problems(form) if form is not None else [],
        "event_form": event_form,
    }
    return render(request, "admin/scoring/score_cricket.html", context)


def _transition(request, match: Match) -> None:
    try:
        services.match_transition(
            match_id=match.pk,
            to_status=request.POST.get("status", ""),
            author=request.user,
            source=EventSource.ADMIN,
        )
    except ScoringError as error:
        messages.error(request, error.message)


def _record(request, match: Match, form: BallForm) -> bool:
    """Call the service for the posted action; False (with the error on the form) if refused."""
    data = form.cleaned_data
    action = data["action"]
    common = {
        "match_id": match.pk,
        "author": request.user,
        "source": EventSource.ADMIN,
        "expected_seq": data.get("expected_seq"),
    }
    try:
        if action == "undo":
            recorded = services.event_undo(**common)
        elif action == "over_end":
            recorded = services.event_record(kind="over_end", payload={}, **common)
        elif action == "innings_start":
            payload = {"batting": data["batting"]}
            for name in ("striker", "non_striker"):
                if data.get(name) is not None:
                    payload[name] = data[name]
            recorded = services.event_record(kind="innings_start", payload=payload, **common)
        elif data.get("correct_seq"):
            recorded = services.event_correct(
                target_seq=data["correct_seq"],
                kind="delivery",
                payload=delivery_payload(data),
                **common,
            )
        else:
            recorded = services.event_record(
                kind="delivery", payload=delivery_payload(data), **common
            )
    except ScoringError as error:
        form.add_error(None, error.message)
        return False
    for warning in recorded.warnings:
        messages.warning(request, warning)
    if recorded.event.kind in ("undo", "correction"):
        messages.success(
            request,
            f"#{recorded.event.seq}: {recorded.event.kind} of #{recorded.event.target_seq}.",
        )
    return True


def _squad(match: Match) -> dict[str, list[tuple[int, str]]]:
    players: dict[str, list[tuple[int, str]]] = {"home": [], "away": []}
    for entry in match.squad.select_related("player").order_by("side", "order", "id"):
        players[entry.side].append((entry.player_id, entry.player.name))
    return players


def _other(side: str | None) -> str | None:
    return {"home": "away", "away": "home"}.get(side or "")


def _sticky(card: dict[str, Any], seq: int) -> dict[str, Any]:
    """Who is in and bowling, from the engine's state (it swaps ends after runs and overs)."""
    current = card["current"] or {}
    initial: dict[str, Any] = {"expected_seq": seq, "extra_runs": 0}
    for name in ("striker", "non_striker"):
        if current.get(name):
            initial[name] = current[name]["player"]
    if current.get("over_in_progress") and current.get("bowler"):
        initial["bowler"] = current["bowler"]["player"]
    if current.get("striker"):
        initial["player_out"] = current["striker"]["player"]
    return initial


def _problems(form: BallForm) -> list[str]:
    """Every error of the posted ball, named for the scorer: a hand-made or stale post (runs
    -1 or 9, a player not in the side) must say why nothing was recorded."""
    problems = []
    for name, errors in form.errors.items():
        label = (
            ""
            if name == "__all__"
            else f"{form.fields[name].label or name.replace('_', ' ').capitalize()}: "
        )
        problems.extend(f"{label}{error}" for error in errors)
    return problems


@dataclass(frozen=True)
class Entry:
    seq: int
    ball: str
    text: str
    at: datetime
    by: str


def _last_entries(match: Match, *, players: dict[str, list[tuple[int, str]]]) -> list[Entry]:
    """The last twelve log entries as the scorer reads them: over.ball and what happened,
    from the same commentary the fans see, not payload dicts and Unix times."""
    names = {player: name for side in players.values() for player, name in side}
    lines = {
        line.seq: line
        for line in cricket_commentary(
            events_in_force(match_log_get(match_id=match.pk)), names=names
        )
    }
    rows = MatchEvent.objects.filter(match=match).select_related("author").order_by("-seq")[:12]
    entries = []
    for event in rows:
        line = lines.get(event.seq)
        if line is not None:
            ball, text = line.ball, line.text
        elif event.kind == "delivery":
            ball, text = "", "Ball struck out by a later undo or correction"
        elif event.kind in ("undo", "correction"):
            ball, text = "", f"{event.kind.capitalize()} of #{event.target_seq}"
        else:
            ball, text = "", event.kind.replace("_", " ").capitalize()
        by = event.author.get_username() if event.author else event.get_source_display()
        entries.append(Entry(event.seq, ball, text, event.created_at, by))
    return entries
