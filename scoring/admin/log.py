from django.contrib import admin

from scoring.models import MatchEvent, Scoreboard


class ReadOnlyAdmin(admin.ModelAdmin):
    """The log is append-only and the projection is derived: nobody edits either here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MatchEvent)
class MatchEventAdmin(ReadOnlyAdmin):
    list_display = ("match", "seq", "kind", "target_seq", "source", "author", "created_at")
    list_filter = ("kind", "source")
    search_fields = ("match__home_team__name", "match__away_team__name", "idempotency_key")
    list_select_related = ("match__home_team", "match__away_team", "author")


@admin.register(Scoreboard)
class ScoreboardAdmin(ReadOnlyAdmin):
    list_display = ("match", "seq", "updated_at")
    list_select_related = ("match__home_team", "match__away_team")
