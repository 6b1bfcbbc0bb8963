"""Admin for competitions, teams, players, venues and fixtures.

Every write goes through matches.services, as the staff API's do (matches/management_apis.py):
the same checks, and the same read-cache bumps, registered on commit. A refusal from a service
rolls the admin's transaction back and shows the form again with the service's reasons as
its errors. The scoring console's links are added by scoring/admin (this app knows nothing
of scoring)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models

from livescore.domain_errors import DomainError
from matches import services
from matches.models import Competition, Match, MatchPlayer, Player, PointsDeduction, Team, Venue


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


class AdminRefused(Exception):
    """A service refused an admin write; raised out of the admin's transaction to undo it."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(error.message)
        self.error = error


class RefusalShownForm(forms.ModelForm):
    """Shows a service's refusal as the form's errors (fields it names, else the form's)."""

    service_refusal: DomainError | None = None

    def clean(self):
        cleaned = super().clean()
        refusal = self.service_refusal
        if refusal is not None:
            shown = False
            for name, problems in refusal.fields.items():
                problems = problems if isinstance(problems, list) else [problems]
                for problem in problems:
                    self.add_error(name if name in self.fields else None, str(problem))
                    shown = True
            if not shown:
                self.add_error(None, refusal.message)
        return cleaned


def _model_changes(form: forms.ModelForm) -> dict[str, Any]:
    """The changed model fields (not many-to-many) and their new values."""
    opts = form._meta.model._meta
    concrete = {field.name for field in opts.concrete_fields}
    return {name: form.cleaned_data[name] for name in form.changed_data if name in concrete}


class ThroughServicesAdmin(JunkSafeFormsMixin, admin.ModelAdmin):
    """A ModelAdmin whose saves call `service_save` (and `save_formset`) instead of saving
    the form: never `Model.save()` from admin, so no check and no cache bump is skipped."""

    form = RefusalShownForm

    def service_save(self, *, request, form: forms.ModelForm, change: bool) -> models.Model:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AdminRefused as refused:
            # The admin's transaction has rolled back, its on_commit bumps with it: render
            # the posted form again, this time invalid with the service's reasons.
            request.service_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.service_refusal = getattr(request, "service_refusal", None)  # a class per call
        return form

    def save_form(self, request, form, change):
        return form.instance  # not saved: service_save writes

    def save_model(self, request, obj, form, change):
        try:
            saved = self.service_save(request=request, form=form, change=change)
        except DomainError as error:
            raise AdminRefused(error) from error
        # The admin logs and redirects with the object it holds: make it the saved one.
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields are the service_save's to write; inlines save_formset's.
        for formset in formsets:
            # What the admin's change message lists; save_formset fills in what it wrote.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            try:
                self.save_formset(request, form, formset, change=change)
            except DomainError as error:
                raise AdminRefused(error) from error

    def save_formset(self, request, form, formset, change):
        raise NotImplementedError(f"{type(self).__name__} has an inline with no service")

    def delete_model(self, request, obj):
        services.catalogue_entry_delete(entry=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def _stored(self, form: forms.ModelForm) -> models.Model:
        """The object as committed, not as the form changed it in memory: services compare
        the new values with the stored ones."""
        return type(form.instance).objects.get(pk=form.instance.pk)


DEDUCTION_FIELDS = ("team", "points", "reason", "decided_on")


class PointsDeductionInline(JunkSafeFormsMixin, admin.TabularInline):
    """Deductions a governing body imposed; the table subtracts them and shows the reason."""

    model = PointsDeduction
    extra = 0
    autocomplete_fields = ("team",)
    fields = DEDUCTION_FIELDS


@admin.register(Competition)
class CompetitionAdmin(ThroughServicesAdmin):
    list_display = ("name", "season", "sport")
    list_filter = ("sport", "season")
    search_fields = ("name", "season")
    inlines = [PointsDeductionInline]
    # rules["standings"]: points, ranking, tie_breakers, head_to_head_meetings, zones,
    # excluded_stages, manual_order, form_length (docs/standings.md).

    def service_save(self, *, request, form, change):
        changes = _model_changes(form)
        if change:
            return services.competition_update(competition=self._stored(form), **changes)
        data = form.cleaned_data
        competition = services.competition_create(
            name=data["name"], sport=data["sport"], season=data["season"], rules=data["rules"]
        )
        rest = {k: v for k, v in changes.items() if k not in {"name", "sport", "season", "rules"}}
        if rest:
            competition = services.competition_update(competition=competition, **rest)
        return competition

    def save_formset(self, request, form, formset, change):
        competition = form.instance
        deleted = set(formset.deleted_forms)
        for entry in formset.forms:
            stored = entry.instance if entry.instance.pk else None
            if entry in deleted:
                if stored is not None:
                    services.points_deduction_remove(deduction=stored)
                    formset.deleted_objects.append(stored)
                continue
            if not entry.has_changed():
                continue
            data = {name: entry.cleaned_data[name] for name in DEDUCTION_FIELDS}
            if stored is None:
                formset.new_objects.append(
                    services.points_deduction_record(competition=competition, **data)
                )
            else:
                stored = PointsDeduction.objects.get(pk=stored.pk)
                saved = services.points_deduction_update(deduction=stored, **data)
                formset.changed_objects.append((saved, entry.changed_data))


@admin.register(Team)
class TeamAdmin(ThroughServicesAdmin):
    list_display = ("name", "short_name", "sport")
    list_filter = ("sport",)
    search_fields = ("name", "short_name")

    def service_save(self, *, request, form, change):
        changes = _model_changes(form)
        if change:
            return services.team_update(team=self._stored(form), **changes)
        data = form.cleaned_data
        team = services.team_create(
            name=data["name"], sport=data["sport"], short_name=data["short_name"]
        )
        rest = {k: v for k, v in changes.items() if k not in {"name", "sport", "short_name"}}
        return services.team_update(team=team, **rest) if rest else team


@admin.register(Player)
class PlayerAdmin(ThroughServicesAdmin):
    list_display = ("name", "team")
    list_filter = ("team__sport",)
    search_fields = ("name", "team__name")
    autocomplete_fields = ("team",)

    def service_save(self, *, request, form, change):
        changes = _model_changes(form)
        if change:
            return services.player_update(player=self._stored(form), **changes)
        data = form.cleaned_data
        player = services.player_create(name=data["name"], team=data["team"])
        rest = {k: v for k, v in changes.items() if k not in {"name", "team"}}
        return services.player_update(player=player, **rest) if rest else player


@admin.register(Venue)
class VenueAdmin(ThroughServicesAdmin):
    list_display = ("name", "city")
    search_fields = ("name", "city")

    def service_save(self, *, request, form, change):
        changes = _model_changes(form)
        if change:
            return services.venue_update(venue=self._stored(form), **changes)
        return services.venue_create(name=form.cleaned_data["name"], city=form.cleaned_data["city"])


MATCH_SCHEDULED_FIELDS = frozenset(
    {
        "competition",
        "home_team",
        "away_team",
        "start_time",
        "venue",
        "round",
        "stage",
        "external_ids",
    }
)


class MatchPlayerInline(JunkSafeFormsMixin, admin.TabularInline):
    """A match's squads: saved a whole side at a time through services.match_lineup_set."""

    model = MatchPlayer
    extra = 0
    autocomplete_fields = ("player",)
    fields = ("player", "side", "order", "is_starting")


@admin.register(Match)
class MatchAdmin(ThroughServicesAdmin):
    list_display = ("__str__", "competition", "status", "start_time")
    list_filter = ("status", "competition__sport", "competition")
    search_fields = ("home_team__name", "away_team__name", "competition__name")
    date_hierarchy = "start_time"
    autocomplete_fields = ("home_team", "away_team", "venue", "competition")
    filter_horizontal = ("scorers",)
    # Status changes only through the lifecycle buttons on the scoring page.
    readonly_fields = ("status", "status_changed_at")
    inlines = [MatchPlayerInline]

    def get_queryset(self, request):
        matches = (
            super().get_queryset(request).select_related("competition", "home_team", "away_team")
        )
        if request.user.is_superuser or request.user.is_scoring_staff:
            return matches
        return matches.filter(scorers=request.user)

    def delete_model(self, request, obj):
        services.match_delete(match=obj)

    def service_save(self, *, request, form, change):
        changes = _model_changes(form)
        if change:
            match = (
                services.match_update(match=self._stored(form), **changes)
                if changes
                else self._stored(form)
            )
        else:
            data = form.cleaned_data
            match = services.match_schedule(
                competition=data["competition"],
                home_team=data["home_team"],
                away_team=data["away_team"],
                start_time=data["start_time"],
                venue=data.get("venue"),
                round=data.get("round", ""),
                stage=data.get("stage", ""),
                external_ids=data.get("external_ids"),
            )
            rest = {k: v for k, v in changes.items() if k not in MATCH_SCHEDULED_FIELDS}
            if rest:
                match = services.match_update(match=match, **rest)
        if "scorers" in form.changed_data:
            services.match_scorers_set(match=match, scorers=form.cleaned_data["scorers"])
        return match

    def save_formset(self, request, form, formset, change):
        """The squad of every side the formset touched, replaced as a whole in its new order:
        the service refuses once scoring has begun, and refreshes cached reads on commit."""
        deleted = set(formset.deleted_forms)
        kept = [
            entry
            for entry in formset.forms
            if entry not in deleted
            and entry.cleaned_data
            and (entry.instance.pk is not None or entry.has_changed())
        ]
        touched = {
            side
            for entry in formset.forms
            if entry.has_changed() or entry in deleted
            for side in (entry.initial.get("side"), entry.cleaned_data.get("side"))
            if side
        }
        if not touched:
            return
        squads: dict[str, list[tuple[Player, bool]]] = {}
        ordered = sorted(enumerate(kept), key=lambda item: (item[1].cleaned_data["order"], item[0]))
        for _, entry in ordered:
            data = entry.cleaned_data
            squads.setdefault(data["side"], []).append((data["player"], data["is_starting"]))
        match = form.instance
        stored = dict(match.squad.values_list("player_id", "side"))
        if any(
            stored.get(player.pk, side) != side
            for side in touched
            for player, _ in squads.get(side, [])
        ):
            # A player changes sides: take the leavers out first, or the side they join
            # would be refused for listing a player of the other side.
            for side in touched:
                staying = [(p, s) for p, s in squads.get(side, []) if stored.get(p.pk) == side]
                services.match_lineup_set(match=match, side=side, players=staying)
        for side in sorted(touched):
            services.match_lineup_set(match=match, side=side, players=squads.get(side, []))


from matches import crawl_admin  # noqa: E402, F401  (registers feeds, crawl jobs, alerts)
