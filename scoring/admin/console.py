"""The scorer's page in admin: plain forms that call the scoring service."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from matches.lifecycle import allowed_transitions
from matches.models import Match
from scoring import services
from scoring.admin import cricket as admin_cricket
from scoring.admin import football as admin_football
from scoring.errors import ScoringError
from scoring.models import EventSource, MatchEvent
from scoring.rules.engines import engine_for


class EventForm(forms.Form):
    kind = forms.ChoiceField()
    payload = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "cols": 80}), initial="{}")
    expected_seq = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, kinds: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, kind) for kind in kinds]

    def clean_payload(self) -> dict:
        try:
            payload = json.loads(self.cleaned_data["payload"])
        except ValueError as error:
            raise forms.ValidationError(f"Not valid JSON: {error}") from None
        except RecursionError:
            raise forms.ValidationError("Not valid JSON: nested too deeply.") from None
        if not isinstance(payload, dict):
            raise forms.ValidationError("The payload must be a JSON object.")
        return payload


def score_match(request, match_id: int):
    match = (
        Match.objects.select_related("competition", "home_team", "away_team")
        .filter(pk=match_id)
        .first()
    )
    if match is None:
        raise Http404("No such match")
    try:
        services.check_can_score(user=request.user, match=match, source=EventSource.ADMIN)
    except ScoringError as error:
        raise PermissionDenied(error.message) from None
    kinds = sorted(engine_for(match.sport).EVENT_KINDS)
    board = getattr(match, "scoreboard", None)
    form = EventForm(kinds=kinds, initial={"expected_seq": board.seq if board else 0})
    is_generic = "generic" in request.GET or request.POST.get("action") == "event"
    if match.sport == "cricket" and not is_generic:
        # Ball by ball on the cricket console; its page carries this form for rare events.
        return admin_cricket.score_cricket(request, match, event_form=form)
    if match.sport == "football" and not is_generic:
        # Period buttons, goal/card/substitution pickers; ?generic=1 for any other event.
        return admin_football.football_console(request, match)
    if request.method == "POST":
        form = _handle_post(request, match, kinds)
        if form is None:
            response = redirect("admin:matches_match_score", match_id=match.pk)
            if "generic" in request.GET:
                response["Location"] += "?generic=1"
            return response
    context = {
        **admin.site.each_context(request),
        "title": f"Score {match}",
        "match": match,
        "board": board,
        "seq": board.seq if board else 0,
        "form": form,
        "transitions": allowed_transitions(match.status),
        "recent_events": MatchEvent.objects.filter(match=match).order_by("-seq")[:20],
    }
    return render(request, "admin/scoring/score_match.html", context)


def _handle_post(request, match: Match, kinds: list[str]) -> EventForm | None:
    """Run the posted action; None on success (redirect), else the form with its errors."""
    action = request.POST.get("action")
    form = EventForm(kinds=kinds) if action != "event" else EventForm(request.POST, kinds=kinds)
    try:
        if action == "event":
            if not form.is_valid():
                return form
            recorded = services.event_record(
                match_id=match.pk,
                kind=form.cleaned_data["kind"],
                payload=form.cleaned_data["payload"],
                author=request.user,
                source=EventSource.ADMIN,
                expected_seq=form.cleaned_data.get("expected_seq"),
            )
        elif action == "undo":
            recorded = services.event_undo(
                match_id=match.pk, author=request.user, source=EventSource.ADMIN
            )
        elif action == "status":
            recorded = services.match_transition(
                match_id=match.pk,
                to_status=request.POST.get("status", ""),
                author=request.user,
                source=EventSource.ADMIN,
            )
        else:
            messages.error(request, "Unknown action.")
            return form
    except ScoringError as error:
        if form.is_bound:  # a refused undo or status change has no posted form to mark
            form.add_error(None, f"{error.message} ({error.code})")
        messages.error(request, f"{error.message} ({error.code})")
        return form
    for warning in recorded.warnings:
        messages.warning(request, warning)
    messages.success(request, f"Recorded #{recorded.event.seq} {recorded.event.kind}.")
    return None
