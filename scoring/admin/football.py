"""The football scorer's console in admin: period buttons, one-click goal, card and
substitution forms with player pickers from the line-ups, undo, and the running clock.

Plain form posts; each calls one service and a refused event comes back as a form error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.utils import timezone

from matches.models import Match
from scoring import services
from scoring.errors import ErrorCode, ScoringError
from scoring.models import EventSource, MatchEvent
from scoring.rules.contract import RuleCode
from scoring.rules.football import engine
from scoring.rules.football.discipline import on_pitch
from scoring.rules.football.goals import GOAL_KINDS
from scoring.rules.football.periods import next_period
from scoring.selectors import match_setup_get
from scoring.services.football import football_lineups_record, football_period_change

PERIOD_LABELS = {
    "first_half": "First half",
    "second_half": "Second half",
    "extra_time_first": "Extra time, first half",
    "extra_time_second": "Extra time, second half",
    "penalty_shootout": "Penalty shoot-out",
}


class GoalForm(forms.Form):
    side = forms.ChoiceField(choices=[("home", "Home"), ("away", "Away")], label="Goal for")
    scorer = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    assist = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(choices=[(kind, kind.replace("_", " ")) for kind in GOAL_KINDS])

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        payload = {"side": data["side"], "kind": data["kind"]}
        for key in ("scorer", "assist"):
            if data[key] is not None:
                payload[key] = data[key]
        return payload


class CardForm(forms.Form):
    player = forms.TypedChoiceField(coerce=int)
    card = forms.ChoiceField(choices=[("yellow", "Yellow"), ("red", "Red")])


class SubstitutionForm(forms.Form):
    player_off = forms.TypedChoiceField(coerce=int, label="Off")
    player_on = forms.TypedChoiceField(coerce=int, label="On")


def football_console(request, match: Match):
    state = _state(match)
    pickers = _pickers(match, state)
    forms_by_action = {
        "goal": GoalForm(prefix="goal"),
        "card": CardForm(prefix="card"),
        "substitution": SubstitutionForm(prefix="substitution"),
    }
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            outcome = _handle(request, match, state, pickers, action, forms_by_action)
        except ScoringError as error:
            errors.append(f"{error.message} ({error.code})")
            outcome = None
        if outcome is not None:
            for warning in outcome.warnings:
                messages.warning(request, warning)
            messages.success(request, f"Recorded #{outcome.event.seq} {outcome.event.kind}.")
            return redirect("admin:matches_match_score", match_id=match.pk)
        errors.extend(
            str(error)
            for form in forms_by_action.values()
            if form.is_bound
            for error in form.non_field_errors()
        )
    _fill_choices(forms_by_action, match, pickers)
    board = getattr(match, "scoreboard", None)
    summary = engine.summary(state)
    context = {
        **admin.site.each_context(request),
        "title": f"Score {match}",
        "match": match,
        "summary": summary,
        "seq": board.seq if board else 0,
        "clock": engine.match_clock(state, timezone.now().timestamp()),
        "clock_state": summary["clock"],
        "period_buttons": _period_buttons(match, state),
        "can_confirm_lineups": state.status == "scheduled"
        and any(state.lineups[side] is None for side in ("home", "away")),
        "forms": forms_by_action,
        "errors": errors,
        "recent_events": MatchEvent.objects.filter(match=match).order_by("-seq")[:20],
    }
    return render(request, "admin/scoring/score_football.html", context)


def _state(match: Match):
    board = getattr(match, "scoreboard", None)
    if board is not None and board.state is not None:
        return engine.load(board.state)
    return engine.new_state(match_setup_get(match=match))


def _pickers(match: Match, state) -> dict[str, Any]:
    """Who the scorer can pick: everyone by side, those on the pitch, those on the bench."""
    names = {
        side: {player["id"]: player["name"] for player in state.team(side)["players"]}
        for side in ("home", "away")
    }
    sides = {player: side for side, players in names.items() for player in players}
    lineup = {side: state.lineups[side] for side in ("home", "away")}
    pitch = {side: on_pitch(state, side) if lineup[side] else list(names[side]) for side in names}
    bench = {
        side: [
            player
            for player in (lineup[side]["bench"] if lineup[side] else [])
            if player not in state.substituted_off[side] and player not in pitch[side]
        ]
        for side in names
    }
    return {"names": names, "sides": sides, "pitch": pitch, "bench": bench}


def _grouped(match: Match, pickers: dict[str, Any], which: str, blank: bool = False):
    teams = {"home": match.home_team.name, "away": match.away_team.name}
    groups = [
        (teams[side], [(player, pickers["names"][side].get(player, player)) for player in players])
        for side, players in pickers[which].items()
    ]
    return [("", "—"), *groups] if blank else groups


def _fill_choices(
    forms_by_action: dict[str, forms.Form], match: Match, pickers: dict[str, Any]
) -> None:
    goal, card, substitution = (forms_by_action[k] for k in ("goal", "card", "substitution"))
    goal.fields["scorer"].choices = _grouped(match, pickers, "pitch", blank=True)
    goal.fields["assist"].choices = _grouped(match, pickers, "pitch", blank=True)
    card.fields["player"].choices = _grouped(match, pickers, "pitch")
    substitution.fields["player_off"].choices = _grouped(match, pickers, "pitch")
    substitution.fields["player_on"].choices = _grouped(match, pickers, "bench")


def _handle(request, match, state, pickers, action, forms_by_action):
    write = {"author": request.user, "source": EventSource.ADMIN}
    if action in ("kick_off", "start_period", "end_period", "full_time"):
        return football_period_change(
            match_id=match.pk, action=action, period=request.POST.get("period"), **write
        )
    if action == "undo":
        return services.event_undo(match_id=match.pk, **write)
    if action == "lineups":
        return _confirm_lineups(match, state, write)
    if action not in forms_by_action:
        raise ScoringError(ErrorCode.INVALID_PAYLOAD, f"Unknown action {action!r}.")
    form = forms_by_action[action].__class__(request.POST, prefix=action)
    forms_by_action[action] = form
    _fill_choices(forms_by_action, match, pickers)
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if action == "goal":
        kind, payload = "goal", form.payload()
    elif action == "card":
        kind, payload = (
            "card",
            {
                "side": pickers["sides"][data["player"]],
                "player": data["player"],
                "card": data["card"],
            },
        )
    else:
        side = pickers["sides"][data["player_off"]]
        kind, payload = (
            "substitution",
            {"side": side, "player_off": data["player_off"], "player_on": data["player_on"]},
        )
    payload["at"] = timezone.now().timestamp()
    try:
        return services.event_record(match_id=match.pk, kind=kind, payload=payload, **write)
    except ScoringError as error:
        form.add_error(None, f"{error.message} ({error.code})")
        raise


def _confirm_lineups(match: Match, state, write: dict[str, Any]):
    """The line-ups from the match squad (starting flag, then shirt order) before kick-off."""
    squad = list(match.squad.order_by("side", "order", "id"))
    lineups = {
        side: {
            "starting": [e.player_id for e in squad if e.side == side and e.is_starting],
            "bench": [e.player_id for e in squad if e.side == side and not e.is_starting],
        }
        for side in ("home", "away")
        if state.lineups[side] is None
    }
    if not lineups:
        raise ScoringError(RuleCode.LINEUP_LOCKED, "Both line-ups are already confirmed.")
    return football_lineups_record(match_id=match.pk, lineups=lineups, **write)


def _period_buttons(match: Match, state) -> list[dict[str, str]]:
    """What the referee can do next, as the engine's Laws allow it."""
    if state.status == "finished" or match.status in ("finished", "cancelled", "abandoned"):
        return []
    if state.status == "scheduled":
        return [{"action": "kick_off", "period": "", "label": "Kick-off"}]
    if state.status == "in_play":
        buttons = []
        if state.period in ("first_half", "extra_time_first") or next_period(state):
            label = "Half-time" if state.period == "first_half" else "End of period"
            buttons.append({"action": "end_period", "period": "", "label": label})
        if state.period not in ("first_half", "extra_time_first") and not next_period(state):
            buttons.append({"action": "full_time", "period": "", "label": "Full time"})
        return buttons
    following = next_period(state)
    buttons = []
    if following:
        buttons.append(
            {"action": "start_period", "period": following, "label": PERIOD_LABELS[following]}
        )
    else:
        buttons.append({"action": "full_time", "period": "", "label": "Full time"})
    return buttons
