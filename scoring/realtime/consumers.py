"""The fans' WebSocket at /ws/ (protocol: docs/realtime.md).

Thin: parses client actions, enforces the per-connection limits, reads through selectors
and hands delivery to a `fanout.Subscriber`, which orders events by seq per match. Events
reach the subscriber through this process's fan-out hub (`LiveConsumer`, the default) or,
on the baseline path kept for measurement, through one channel-layer message per consumer
(`GroupsLiveConsumer`, settings.REALTIME_FANOUT = "groups")."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from channels import DEFAULT_CHANNEL_LAYER
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from accounts.realtime_auth import user_for_token
from scoring.realtime import broadcast, fanout
from scoring.realtime.catch_up import channel_groups_get, favourite_channels_get, match_channels_get
from scoring.realtime.transport import AsgiWire, wire_for

MAX_CHANNELS = 50
MAX_FAVOURITES = 200
MAX_FRAME_BYTES = 4096
RATE_PER_SECOND = 10.0
RATE_BURST = 20.0
# Error frames a connection may earn before it is closed; one is forgiven every 6 s.
ERROR_BUDGET = 10
ERROR_FORGIVE_SECONDS = 6.0
CLOSE_BAD_REQUESTS = 4400
CLOSE_UNAUTHORIZED = 4401
CLOSE_RATE_LIMITED = 4429
CHANNEL_PATTERN = re.compile(
    r"^((match|competition|team):[1-9][0-9]{0,17}|" + re.escape(broadcast.LIVE_ALL) + "|"
    r"" + re.escape(broadcast.USER_ME) + r")$"
)
MATCH_CHANNEL_PATTERN = re.compile(r"^match:([1-9][0-9]{0,17})$")


class ProtocolError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Allowance:
    """A token bucket: `rate` refills per second up to `burst`."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst, self.level, self.at = rate, burst, burst, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.level = min(self.burst, self.level + (now - self.at) * self.rate)
        self.at = now
        if self.level < 1:
            return False
        self.level -= 1
        return True


class LiveConsumer(AsyncWebsocketConsumer):
    channel_layer_alias = None  # events arrive through the process's hub, not per consumer

    async def connect(self) -> None:
        await self.accept()
        self.wire = wire_for(self.base_send)
        self.subscriber = fanout.Subscriber(wire=self.wire, join=self._join, leave=self._leave)
        user = self.scope.get("user")
        self.user_id = user.pk if user is not None and user.is_authenticated else None
        self.messages = Allowance(RATE_PER_SECOND, RATE_BURST)
        self.forgiveness = Allowance(1 / ERROR_FORGIVE_SECONDS, ERROR_BUDGET)
        if self.scope.get("auth_error"):
            self._refuse(CLOSE_UNAUTHORIZED, "unauthorized", self.scope["auth_error"])

    async def disconnect(self, code: int) -> None:
        subscriber = getattr(self, "subscriber", None)
        if subscriber is not None:
            await subscriber.close()
        if isinstance(getattr(self, "wire", None), AsgiWire):
            await self.wire.stop()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.subscriber.is_closed:
            return
        try:
            if not self.messages.take():
                raise ProtocolError(
                    "rate_limited", f"At most {RATE_PER_SECOND:g} messages a second."
                )
            message = _parse(text_data, bytes_data)
            action = message.get("action")
            if action == "subscribe":
                await self._subscribe(message)
            elif action == "unsubscribe":
                await self._unsubscribe(message)
            elif action == "ping":
                self.subscriber.send_frame({"type": "pong", "id": message.get("id")})
            elif action == "auth":
                await self._authenticate(message)
            else:
                raise ProtocolError("unknown_action", f"Unknown action {action!r}.")
        except ProtocolError as error:
            self._error(error)

    async def _join(self, group: str, subscriber: fanout.Subscriber) -> None:
        await fanout.hub_join(group, subscriber)

    async def _leave(self, group: str, subscriber: fanout.Subscriber) -> None:
        await fanout.hub_leave(group, subscriber)

    # Actions -----------------------------------------------------------------------------

    async def _subscribe(self, message: dict[str, Any]) -> None:
        channels = _channels(message)
        subscribed = self.subscriber.channel_groups
        new = [channel for channel in channels if channel not in subscribed]
        if len(subscribed) + len(new) > MAX_CHANNELS:
            raise ProtocolError("too_many_channels", f"At most {MAX_CHANNELS} channels.")
        last_seqs = _last_seqs(message)
        groups = await database_sync_to_async(self._groups)(new)
        carried = await database_sync_to_async(_carried_by)(new, last_seqs, groups)
        starts: list[tuple[str, int, int | None]] = []
        for channel in new:
            if match := MATCH_CHANNEL_PATTERN.match(channel):
                match_id = int(match.group(1))
                starts.append((channel, match_id, last_seqs.get(match_id)))
            else:
                starts.extend(
                    (channel, match_id, seq)
                    for match_id, seq in last_seqs.items()
                    if channel in carried.get(match_id, ())
                )
        # Streams open (queueing live events) before the groups are joined, so an event
        # arriving while the log is read is neither lost nor sent twice.
        for channel, match_id, seq in starts:
            self.subscriber.open_stream(channel, match_id, seq)
        for channel in new:
            await self.subscriber.add_channel(channel, groups[channel])
        self.subscriber.send_frame({"type": "subscribed", "channels": channels})
        for channel, match_id, seq in starts:
            await self.subscriber.fill_stream(channel, match_id, seq)

    def _groups(self, channels: list[str]) -> dict[str, list[str]]:
        groups = channel_groups_get(channels=[c for c in channels if c != broadcast.USER_ME])
        missing = [channel for channel, found in groups.items() if found is None]
        if missing:
            raise ProtocolError("not_found", f"There is no {', '.join(missing)}.")
        if broadcast.USER_ME in channels:
            if self.user_id is None:
                raise ProtocolError("unauthorized", "Sign in to follow your favourites.")
            favourites = favourite_channels_get(user_id=self.user_id, limit=MAX_FAVOURITES)
            groups[broadcast.USER_ME] = [broadcast.group_name(c) for c in favourites]
        return groups

    async def _unsubscribe(self, message: dict[str, Any]) -> None:
        channels = _channels(message)
        for channel in channels:
            await self.subscriber.remove_channel(channel)
        self.subscriber.send_frame({"type": "unsubscribed", "channels": channels})

    async def _authenticate(self, message: dict[str, Any]) -> None:
        token = message.get("token")
        if not isinstance(token, str) or not token:
            raise ProtocolError("bad_request", "auth needs a token.")
        user = await database_sync_to_async(user_for_token)(token)
        if user is None:
            self._refuse(CLOSE_UNAUTHORIZED, "unauthorized", "The token is invalid or has expired.")
            return
        self.user_id = user.pk
        self.subscriber.send_frame({"type": "authenticated", "user": user.pk})

    # Errors and closing ------------------------------------------------------------------

    def _error(self, error: ProtocolError) -> None:
        self.subscriber.send_frame({"type": "error", "code": error.code, "message": error.message})
        if not self.forgiveness.take():
            if error.code == "rate_limited":
                self._close(CLOSE_RATE_LIMITED, "Too many messages.")
            else:
                self._close(CLOSE_BAD_REQUESTS, "Too many bad requests.")

    def _refuse(self, close_code: int, code: str, message: str) -> None:
        self.subscriber.send_frame({"type": "error", "code": code, "message": message})
        self._close(close_code, message)

    def _close(self, code: int, reason: str) -> None:
        self.subscriber.is_closed = True
        self.wire.close(code, reason)


class GroupsLiveConsumer(LiveConsumer):
    """The plain Channels pattern, kept as the benchmark baseline: every consumer is a
    member of its groups and serialises its own copy of every event."""

    channel_layer_alias = DEFAULT_CHANNEL_LAYER

    async def _join(self, group: str, subscriber: fanout.Subscriber) -> None:
        await self.channel_layer.group_add(group, self.channel_name)

    async def _leave(self, group: str, subscriber: fanout.Subscriber) -> None:
        await self.channel_layer.group_discard(group, self.channel_name)

    async def match_event(self, message: dict[str, Any]) -> None:
        frame = message["frame"]
        for channel in list(self.subscriber.routes.get(broadcast.group_name(frame["channel"]), ())):
            payload = json.dumps({**frame, "channel": channel}, separators=(",", ":")).encode()
            self.subscriber.deliver(channel, frame["match"], frame["seq"], payload)


def live_consumer_app() -> Any:
    """/ws/: the path chosen per connection by settings.REALTIME_FANOUT."""
    hub_app = LiveConsumer.as_asgi()
    groups_app = GroupsLiveConsumer.as_asgi()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> Any:
        chosen = groups_app if broadcast.fanout_mode() == broadcast.GROUPS else hub_app
        return await chosen(scope, receive, send)

    return app


def _carried_by(
    channels: list[str], last_seqs: dict[int, int], groups: dict[str, list[str]]
) -> dict[int, set[str]]:
    """Which of the new channels carry each match named in last_seq."""
    if not last_seqs:
        return {}
    carriers = match_channels_get(match_ids=list(last_seqs))
    result: dict[int, set[str]] = {}
    for match_id, match_channels in carriers.items():
        match_groups = {broadcast.group_name(c) for c in match_channels}
        result[match_id] = {c for c in channels if match_groups & set(groups.get(c, ()))}
    return result


def _parse(text_data: str | None, bytes_data: bytes | None) -> dict[str, Any]:
    raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
    if len(raw) > MAX_FRAME_BYTES:
        raise ProtocolError("frame_too_large", f"Frames are limited to {MAX_FRAME_BYTES} bytes.")
    try:
        message = json.loads(raw)
    except ValueError:
        raise ProtocolError("bad_json", "Send one JSON object per frame.") from None
    if not isinstance(message, dict):
        raise ProtocolError("bad_request", "Send one JSON object per frame.")
    return message


def _channels(message: dict[str, Any]) -> list[str]:
    channels = message.get("channels")
    if not isinstance(channels, list) or not channels:
        raise ProtocolError("bad_request", "channels must be a non-empty list.")
    if len(channels) > MAX_CHANNELS:
        raise ProtocolError("too_many_channels", f"At most {MAX_CHANNELS} channels.")
    for channel in channels:
        if not isinstance(channel, str) or not CHANNEL_PATTERN.match(channel):
            raise ProtocolError(
                "bad_channel",
                f"Unknown channel {channel!r}; use match:<id>, competition:<id>, team:<id>, "
                "live:all or user:me.",
            )
    return list(dict.fromkeys(channels))


def _last_seqs(message: dict[str, Any]) -> dict[int, int]:
    """`{"match:12": 40}` → {12: 40}."""
    raw = message.get("last_seq") or {}
    if not isinstance(raw, dict):
        raise ProtocolError("bad_request", "last_seq must map match:<id> to a seq number.")
    last_seqs = {}
    for key, seq in raw.items():
        match = MATCH_CHANNEL_PATTERN.match(key) if isinstance(key, str) else None
        if match is None or not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            raise ProtocolError(
                "bad_request", f"last_seq entries are match:<id>: <whole number>; got {key!r}."
            )
        last_seqs[int(match.group(1))] = seq
    return last_seqs
