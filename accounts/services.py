"""Writes for fans' accounts: sign-up, profile, favourites."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from accounts.models import Favourite, User

FAVOURITE_KINDS = ("team", "competition", "match")


def user_profile_update(*, user: User, time_zone: str) -> User:
    user.time_zone = time_zone
    user.save(update_fields=["time_zone"])
    return user


def favourite_add(*, user: User, kind: str, target_id: int) -> Favourite:
    """Idempotent: following something twice leaves one favourite (the unique constraint)."""
    lookup: dict[str, Any] = {"user": user, f"{kind}_id": target_id}
    try:
        with transaction.atomic():
            favourite, _ = Favourite.objects.get_or_create(**lookup)
    except IntegrityError:
        favourite = Favourite.objects.get(**lookup)
    return favourite


def favourite_remove(*, user: User, kind: str, target_id: int) -> int:
    deleted, _ = Favourite.objects.filter(user=user, **{f"{kind}_id": target_id}).delete()
    return deleted
