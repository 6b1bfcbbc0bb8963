"""The competition form a scorer fills in: a cricket format or a football league chosen from
presets, custom rules as validated fields, never a raw JSON box.

`{}` used to mean unlimited overs (a chase then read "need 13 runs", no balls left) and an
empty box gave a 500. The presets live with the Laws (scoring/rules/cricket/formats.py)
and the tables (scoring/standings/presets.py); matches' CompetitionAdmin writes through
matches.services, and this subclass only builds the `rules` it saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from matches import services
from matches.admin import CompetitionAdmin, RefusalShownForm
from matches.models import Competition, Sport
from scoring.rules.contract import RuleViolation
from scoring.rules.cricket import formats
from scoring.rules.cricket.rules import rules_from_setup
from scoring.standings import presets
from scoring.standings.football import TIE_BREAKERS, StandingsSettingsError, standings_table

FORMAT_CHOICES = [
    *((key, preset.label) for key, preset in formats.FORMATS.items()),
    (formats.CUSTOM, "Custom (set below)"),
]
LEAGUE_CHOICES = [
    *((key, league.label) for key, league in presets.LEAGUES.items()),
    (presets.CUSTOM, "Custom (set below)"),
]
TIE_BREAKER_CHOICES = [(name, name.replace("_", " ")) for name in TIE_BREAKERS]
CRICKET_FIELDS = (
    "overs_per_innings",
    "balls_per_over",
    "innings_per_side",
    "max_overs_per_bowler",
    "max_consecutive_overs",
    "free_hit",
    "follow_on_lead",
    "players_per_side",
)


def _count(label: str, *, required: bool = False, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=1, **kwargs)


class CompetitionForm(RefusalShownForm):
    cricket_format = forms.ChoiceField(
        label="Cricket format", choices=FORMAT_CHOICES, initial="t20", required=False
    )
    overs_per_innings = _count("Overs per innings", max_value=200, help_text="Empty: unlimited.")
    balls_per_over = _count("Balls per over", max_value=10, initial=6)
    innings_per_side = forms.TypedChoiceField(
        label="Innings per side",
        choices=[(1, "1"), (2, "2")],
        coerce=int,
        initial=1,
        required=False,
    )
    max_overs_per_bowler = _count("Overs per bowler", max_value=100)
    max_consecutive_overs = _count("Consecutive overs a bowler may bowl", max_value=5, initial=1)
    free_hit = forms.BooleanField(label="Free hit after a no-ball", required=False)
    follow_on_lead = _count("Follow-on lead (runs)", max_value=1000)
    players_per_side = _count("Players per side", max_value=15, initial=11)

    football_league = forms.ChoiceField(
        label="League table", choices=LEAGUE_CHOICES, initial="premier_league", required=False
    )
    win_points = forms.IntegerField(
        label="Points for a win", min_value=0, max_value=10, initial=3, required=False
    )
    draw_points = forms.IntegerField(
        label="Points for a draw", min_value=0, max_value=10, initial=1, required=False
    )
    tie_breakers = forms.MultipleChoiceField(
        label="Tie-breakers, in order",
        choices=TIE_BREAKER_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Applied in the order listed here to teams level on points.",
    )

    class Meta:
        model = Competition
        exclude = ("rules",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rules = dict(self.instance.rules or {}) if self.instance.pk else {}
        if self.instance.pk and self.instance.sport == Sport.CRICKET:
            self.initial["cricket_format"] = formats.format_of(rules)
            for name in CRICKET_FIELDS:
                self.initial[name] = rules.get(name, formats.DEFAULTS[name])
        standings = dict(rules.get("standings") or {})
        if self.instance.pk and self.instance.sport == Sport.FOOTBALL:
            self.initial["football_league"] = presets.league_of(standings)
            points = standings.get("points") or presets.THREE_POINTS
            self.initial["win_points"] = points.get("win", 3)
            self.initial["draw_points"] = points.get("draw", 1)
            self.initial["tie_breakers"] = standings.get("tie_breakers", [])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        sport = cleaned.get("sport") or self.instance.sport
        stored = dict(self.instance.rules or {}) if self.instance.pk else {}
        if sport == Sport.CRICKET:
            cleaned["rules"] = self._cricket_rules(cleaned, stored)
        elif sport == Sport.FOOTBALL:
            cleaned["rules"] = self._football_rules(cleaned, stored)
        else:
            cleaned["rules"] = stored
        return cleaned

    def _cricket_rules(self, cleaned: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
        chosen = cleaned.get("cricket_format") or "t20"  # not posted: the form's default
        if chosen != formats.CUSTOM:
            built = formats.format_rules(chosen)
        else:
            built = {name: cleaned.get(name) for name in CRICKET_FIELDS}
            built["free_hit"] = bool(built["free_hit"])
            for name in ("balls_per_over", "max_consecutive_overs", "players_per_side"):
                built[name] = built[name] or formats.DEFAULTS[name]
            built["innings_per_side"] = built["innings_per_side"] or 1
            if built["overs_per_innings"] is None and built["innings_per_side"] == 1:
                self.add_error(
                    "overs_per_innings",
                    "A one-innings match needs its overs: unlimited overs suit only "
                    "two-innings (first-class) cricket.",
                )
        try:
            rules_from_setup(built)
        except RuleViolation as violation:
            self.add_error(None, violation.message)
        kept = {key: value for key, value in stored.items() if key not in formats.FORMAT_KEYS}
        return {**kept, **built}

    def _football_rules(self, cleaned: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
        chosen = cleaned.get("football_league") or "premier_league"  # not posted: the default
        standings_before = dict(stored.get("standings") or {})
        if chosen != presets.CUSTOM:
            standings = dict(presets.LEAGUES[chosen].settings)
        else:
            standings = {
                **standings_before,
                "points": {
                    "win": _or(cleaned.get("win_points"), 3),
                    "draw": _or(cleaned.get("draw_points"), 1),
                    "loss": 0,
                },
                "tie_breakers": self._ordered_tie_breakers(cleaned.get("tie_breakers") or []),
            }  # fmt: skip
            if standings["points"]["draw"] >= standings["points"]["win"]:
                self.add_error("draw_points", "A draw must be worth less than a win.")
        if "deductions" in standings_before:  # legacy settings deductions stay with the table
            standings["deductions"] = standings_before["deductions"]
        try:
            standings_table([], settings={**standings, "deductions": []})
        except StandingsSettingsError as error:
            self.add_error(None, str(error))
        return {**stored, "standings": standings}

    def _ordered_tie_breakers(self, picked: list[str]) -> list[str]:
        """In the order the scorer ticked them (the posted order), else the listed order."""
        posted = self.data.getlist(self.add_prefix("tie_breakers")) if self.data else picked
        return [name for name in posted if name in picked]


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


class ScoringCompetitionAdmin(CompetitionAdmin):
    form = CompetitionForm
    fieldsets = (
        (None, {"fields": ("name", "season", "sport")}),
        ("Cricket", {"fields": ("cricket_format", *CRICKET_FIELDS)}),
        ("Football", {"fields": ("football_league", "win_points", "draw_points", "tie_breakers")}),
    )

    def service_save(self, *, request, form, change):
        competition = super().service_save(request=request, form=form, change=change)
        rules = form.cleaned_data["rules"]
        if rules != (competition.rules or {}):
            competition = services.competition_update(competition=competition, rules=rules)
        return competition


if admin.site.is_registered(Competition):
    admin.site.unregister(Competition)
admin.site.register(Competition, ScoringCompetitionAdmin)
