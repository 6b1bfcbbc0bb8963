"""WebSocket authentication by JWT (?token=<access token>), on top of the session cookie
that channels' AuthMiddlewareStack already reads. Browsers cannot set headers on a
WebSocket, so the token travels in the query string or in a first `auth` message."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError


def user_for_token(token: str) -> Any | None:
    """The active user an access token was issued to, or None."""
    authentication = JWTAuthentication()
    try:
        user = authentication.get_user(authentication.get_validated_token(token))
    except (InvalidToken, TokenError, AuthenticationFailed):
        return None
    return user if user.is_active else None


class JwtQueryAuthMiddleware(BaseMiddleware):
    """`?token=` replaces the session user; a bad token is flagged in scope["auth_error"]
    so the consumer can say why before it closes."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        tokens = query.get("token")
        if tokens:
            user = await database_sync_to_async(user_for_token)(tokens[0])
            scope = dict(scope)
            if user is None:
                scope["auth_error"] = "The token is invalid or has expired."
            else:
                scope["user"] = user
        return await super().__call__(scope, receive, send)
