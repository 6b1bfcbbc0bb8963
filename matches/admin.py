from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html

from matches.models import Competition, Match, MatchPlayer, Player, PointsDeduction, Team, Venue
from scoring import admin_console
from scoring.selectors import standings_table_forget


class PointsDeductionInline(admin.TabularInline):
    """Deductions a governing body imposed; the table subtracts them and shows the reason."""

    model = PointsDeduction
    extra = 0
    autocomplete_fields = ("team",)
    fields = ("team", "points", "reason", "decided_on")


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
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


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "sport")
    list_filter = ("sport",)
    search_fields = ("name", "short_name")


@admin.register(Player)
class PlayerAdmin(admin.ModelAdmin):
    list_display = ("name", "team")
    list_filter = ("team__sport",)
    search_fields = ("name", "team__name")
    autocomplete_fields = ("team",)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "city")
    search_fields = ("name", "city")


class MatchPlayerInline(admin.TabularInline):
    model = MatchPlayer
    extra = 0
    autocomplete_fields = ("player",)


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
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
