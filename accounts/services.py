"""Writes of fans' accounts: sign-up, profile, password, favourites."""

from typing import Any
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction

from accounts.models import Favourite, User
from livescore.domain_errors import Refusal, RefusalCode, invalid
from matches.models import Competition, Match, Team

FAVOURITE_KINDS = {"team": Team, "competition": Competition, "match": Match}


def check_time_zone(time_zone: str) -> str:
    if time_zone not in available_timezones():
        raise invalid(time_zone=f"'{time_zone}' is not an IANA time zone.")
    return time_zone


def check_language(language: str) -> str:
    codes = {code for code, _ in settings.LANGUAGES}
    if language not in codes:
        raise invalid(language=f"'{language}' is not a supported language.")
    return language


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as error:
        raise Refusal(
            RefusalCode.INVALID, "The request is not valid.", fields={"password": error.messages}
        ) from None


@transaction.atomic
def user_register(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    time_zone: str = "UTC",
    language: str = "en",
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise invalid(username="It is taken.")
    if email and User.objects.filter(email__iexact=email).exists():
        raise invalid(email="It is taken.")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        time_zone=check_time_zone(time_zone),
        language=check_language(language),
    )
    _check_password(password, user)
    user.set_password(password)
    user.save()
    return user


def user_profile_update(*, user: User, **changes: Any) -> User:
    """Change name, time zone or language; other keys are refused by the caller."""
    if "time_zone" in changes:
        check_time_zone(changes["time_zone"])
    if "language" in changes:
        check_language(changes["language"])
    for name, value in changes.items():
        setattr(user, name, value)
    if changes:
        user.save(update_fields=list(changes))
    return user


def user_password_change(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise Refusal(
            RefusalCode.INVALID,
            "The request is not valid.",
            fields={"old_password": ["It is not your current password."]},
        )
    _check_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])


def favourite_add(*, user: User, kind: str, target_id: int) -> tuple[Favourite, bool]:
    """Follow a team, competition or match; following twice is not an error."""
    model = FAVOURITE_KINDS[kind]
    target = model.objects.filter(pk=target_id).first()
    if target is None:
        raise Refusal(RefusalCode.NOT_FOUND, f"There is no {kind} {target_id}.")
    existing = Favourite.objects.filter(user=user, **{kind: target}).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return Favourite.objects.create(user=user, **{kind: target}), True
    except IntegrityError:  # a concurrent request followed it first
        return Favourite.objects.get(user=user, **{kind: target}), False


def favourite_remove(*, user: User, kind: str, target_id: int) -> bool:
    deleted, _ = Favourite.objects.filter(user=user, **{f"{kind}_id": target_id}).delete()
    return deleted > 0
