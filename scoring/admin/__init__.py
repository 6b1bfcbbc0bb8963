"""Admin for scorers: the read-only log and projection (`log`), and the scoring consoles
(`console`, with the cricket and football forms). The Match admin is matches' own, with the
console's page and link added here: matches knows nothing of scoring."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html

from matches.admin import MatchAdmin
from matches.models import Match
from scoring.admin import competition, console, cricket, football, log  # noqa: F401  (registers)


class ScoredMatchAdmin(MatchAdmin):
    """matches' MatchAdmin with the scoring console: its URL and a link to it."""

    list_display = (*MatchAdmin.list_display, "score_link")
    readonly_fields = (*MatchAdmin.readonly_fields, "score_link")

    def get_urls(self):
        score = self.admin_site.admin_view(console.score_match)
        return [
            path("<int:match_id>/score/", score, name="matches_match_score"),
            *super().get_urls(),
        ]

    @admin.display(description="Scoring")
    def score_link(self, match: Match) -> str:
        if not match.pk:
            return "-"
        url = reverse("admin:matches_match_score", args=[match.pk])
        return format_html('<a href="{}">Score this match</a>', url)


if admin.site.is_registered(Match):
    admin.site.unregister(Match)
admin.site.register(Match, ScoredMatchAdmin)
