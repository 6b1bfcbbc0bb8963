"""Slow down password guessing: after LOGIN_FAILURE_LIMIT failures for one username from one
address, or LOGIN_ADDRESS_FAILURE_LIMIT failures from one address for any usernames, that
pair (or address) is refused for LOGIN_LOCKOUT_SECONDS, whatever the password.

Counters live in the shared cache (Redis in production), so every process sees the same
count. Enforced in the authentication backend, so admin login, the API token endpoint and
any other `authenticate()` call are covered by one rule."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _key(*parts: str) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]
    return f"login-failures:{digest}"


def client_address(request) -> str:
    if request is None:
        return "-"
    # Behind the load balancer REMOTE_ADDR is the balancer; it must set X-Real-IP
    # (docs/operations.md), which clients cannot forge past it.
    if getattr(settings, "LOGIN_TRUST_X_REAL_IP", False):
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real:
            return real
    return request.META.get("REMOTE_ADDR", "-")


def is_locked_out(*, username: str, address: str) -> bool:
    pair = cache.get(_key("pair", username.lower(), address), 0)
    from_address = cache.get(_key("address", address), 0)
    return pair >= _limit("LOGIN_FAILURE_LIMIT", 5) or from_address >= _limit(
        "LOGIN_ADDRESS_FAILURE_LIMIT", 50
    )


def failure_record(*, username: str, address: str) -> None:
    seconds = _limit("LOGIN_LOCKOUT_SECONDS", 900)
    for key in (_key("pair", username.lower(), address), _key("address", address)):
        # add() sets the expiry once: the window starts at the first failure.
        cache.add(key, 0, timeout=seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds)


def failures_clear(*, username: str, address: str) -> None:
    cache.delete(_key("pair", username.lower(), address))


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field(), "")
        username = str(username or "")
        address = client_address(request)
        if is_locked_out(username=username, address=address):
            # PermissionDenied stops authenticate() trying further backends.
            raise PermissionDenied("Too many failed sign-ins; try again later.")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            failure_record(username=username, address=address)
        else:
            failures_clear(username=username, address=address)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
