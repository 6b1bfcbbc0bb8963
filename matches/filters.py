"""Query-string filters for match lists (django-filter): each refuses a bad value with 400."""

import django_filters
from django import forms
from django.db.models import Q

from matches.lifecycle import LIVE_STATUSES, Status
from matches.models import Match, Sport

MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class MatchFilter(django_filters.FilterSet):
    sport = django_filters.ChoiceFilter(field_name="competition__sport", choices=Sport.choices)
    competition = IdFilter(field_name="competition_id")
    team = IdFilter(method="filter_team", help_text="Home or away.")
    status = django_filters.MultipleChoiceFilter(
        choices=[(s.value, s.value) for s in Status], help_text="Repeat for several."
    )
    date_from = django_filters.IsoDateTimeFilter(
        field_name="start_time", lookup_expr="gte", help_text="ISO 8601 date-time, inclusive."
    )
    date_to = django_filters.IsoDateTimeFilter(
        field_name="start_time", lookup_expr="lt", help_text="ISO 8601 date-time, exclusive."
    )
    live = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        method="filter_live",
        help_text="true: in play (or paused); false: not.",
    )

    class Meta:
        model = Match
        fields = []

    def filter_team(self, queryset, name, value):
        return queryset.filter(Q(home_team_id=value) | Q(away_team_id=value))

    def filter_live(self, queryset, name, value: bool):
        if value:
            return queryset.filter(status__in=LIVE_STATUSES)
        return queryset.exclude(status__in=LIVE_STATUSES)
