"""Reads of fans' accounts."""

from django.db.models import QuerySet

from accounts.models import Favourite, User


def favourite_list(*, user: User, kind: str | None = None) -> QuerySet[Favourite]:
    favourites = Favourite.objects.filter(user=user).select_related(
        "team", "competition", "match__home_team", "match__away_team", "match__competition"
    )
    if kind:
        favourites = favourites.filter(**{f"{kind}__isnull": False})
    return favourites.order_by("-created_at", "-id")
