from functools import partial

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import path, reverse
from django.utils.html import format_html

from matches import read_cache
from matches.models import Competition, Match, MatchPlayer, Player, PointsDeduction, Team, Venue
from scoring.admin import console as admin_console
from scoring.selectors import standings_table_forget


class NestingSafeJSONField(forms.JSONField):
    """Django's JSON form field parses with json.loads and catches only decode errors; text
    nested deeper than the recursion limit would answer 500 instead of a form error."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except RecursionError:
            raise ValidationError("JSON nested too deeply.", code="invalid") from None

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return forms.fields.InvalidJSONInput(data)


class JunkSafeAutocompleteSelect(AutocompleteSelect):
    """Re-rendering a refused form, Django looks the posted value up as a primary key; a
    value that is not one ("abc") raises ValueError there, a 500 instead of the form's own
    "Select a valid choice" error. Such values are simply not shown as selected."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class JunkSafeFormsMixin:
    formfield_overrides = {models.JSONField: {"form_class": NestingSafeJSONField}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = JunkSafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PointsDeductionInline(JunkSafeFormsMixin, admin.TabularInline):
    """Deductions a governing body imposed; the table subtracts them and shows the reason."""

    model = PointsDeduction
    extra = 0
    autocomplete_fields = ("team",)
    fields = ("team", "points", "reason", "decided_on")


@admin.register(Competition)
class CompetitionAdmin(JunkSafeFormsMixin, admin.ModelAdmin):
    list_display = ("name", "season", "sport")
    list_filter = ("sport", "season")
    search_fields = ("name", "season")
    inlines = [PointsDeductionInline]
    # rules["standings"]: points, ranking, tie_breakers, head_to_head_meetings, zones,
    # excluded_stages, manual_order, form_length (docs/standings.md).

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # New settings or deductions change the table at once, not when it expires.
        standings_table_forget(competition_id=form.instance.pk)
        transaction.on_commit(
            partial(read_cache.competition_changed, competition_id=form.instance.pk)
        )


@admin.register(Team)
class TeamAdmin(JunkSafeFormsMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "sport")
    list_filter = ("sport",)
    search_fields = ("name", "short_name")


@admin.register(Player)
class PlayerAdmin(JunkSafeFormsMixin, admin.ModelAdmin):
    list_display = ("name", "team")
    list_filter = ("team__sport",)
    search_fields = ("name", "team__name")
    autocomplete_fields = ("team",)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "city")
    search_fields = ("name", "city")


class MatchPlayerInline(JunkSafeFormsMixin, admin.TabularInline):
    model = MatchPlayer
    extra = 0
    autocomplete_fields = ("player",)


@admin.register(Match)
class MatchAdmin(JunkSafeFormsMixin, admin.ModelAdmin):
    list_display = ("__str__", "competition", "status", "start_time", "score_link")
    list_filter = ("status", "competition__sport", "competition")
    search_fields = ("home_team__name", "away_team__name", "competition__name")
    date_hierarchy = "start_time"
    autocomplete_fields = ("home_team", "away_team", "venue", "competition")
    filter_horizontal = ("scorers",)
    # Status changes only through the lifecycle buttons on the scoring page.
    readonly_fields = ("status", "status_changed_at", "score_link")
    inlines = [MatchPlayerInline]

    def get_queryset(self, request):
        matches = (
            super().get_queryset(request).select_related("competition", "home_team", "away_team")
        )
        if request.user.is_superuser or request.user.is_scoring_staff:
            return matches
        return matches.filter(scorers=request.user)

    def get_urls(self):
        console = self.admin_site.admin_view(admin_console.score_match)
        return [
            path("<int:match_id>/score/", console, name="matches_match_score"),
            *super().get_urls(),
        ]

    @admin.display(description="Scoring")
    def score_link(self, match: Match) -> str:
        if not match.pk:
            return "-"
        url = reverse("admin:matches_match_score", args=[match.pk])
        return format_html('<a href="{}">Score this match</a>', url)


from matches import crawl_admin  # noqa: E402, F401  (registers feeds, crawl jobs, alerts)
