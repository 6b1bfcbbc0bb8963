"""The fans' WebSocket at /ws/: subscribe to channels, receive events in seq order.

Thin: parses client actions, reads through selectors, forwards group messages. Within one
connection Channels handles messages one at a time, so a snapshot read during `subscribe`
and the live events queued meanwhile are ordered by seq and de-duplicated here."""

from __future__ import annotations

import json
import re
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from scoring import broadcast
from scoring.realtime import catch_up_frames, snapshot_frame

MAX_CHANNELS = 50
MAX_FRAME_BYTES = 4096
CHANNEL_PATTERN = re.compile(r"^(match:[1-9][0-9]{0,17}|live:all)$")


class ProtocolError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class LiveConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.channels: set[str] = set()
        self.last_seq: dict[int, int] = {}  # match id → last seq sent on its match channel
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for channel in list(getattr(self, "channels", ())):
            await self.channel_layer.group_discard(broadcast.group_name(channel), self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            message = _parse(text_data, bytes_data)
            action = message.get("action")
            if action == "subscribe":
                await self._subscribe(message)
            elif action == "unsubscribe":
                await self._unsubscribe(message)
            elif action == "ping":
                await self._send({"type": "pong", "id": message.get("id")})
            else:
                raise ProtocolError("unknown_action", f"Unknown action {action!r}.")
        except ProtocolError as error:
            await self._send({"type": "error", "code": error.code, "message": error.message})

    async def match_event(self, message: dict[str, Any]) -> None:
        """A committed event from the channel layer (group message type `match.event`)."""
        frame = message["frame"]
        if frame["channel"] == broadcast.LIVE_ALL:
            await self._send(frame)
            return
        match_id = frame["match"]
        last = self.last_seq.get(match_id)
        if last is None or frame["seq"] <= last:
            return  # not subscribed any more, or already sent by a snapshot or catch-up
        if frame["seq"] > last + 1:
            # A frame went missing in the layer: fetch the gap from the log, in order.
            missed = await database_sync_to_async(catch_up_frames)(
                match_id=match_id, since_seq=last, until_seq=frame["seq"] - 1
            )
            for earlier in missed or []:
                await self._send(earlier)
        self.last_seq[match_id] = frame["seq"]
        await self._send(frame)

    async def _subscribe(self, message: dict[str, Any]) -> None:
        channels = _channels(message)
        if len(self.channels | set(channels)) > MAX_CHANNELS:
            raise ProtocolError("too_many_channels", f"At most {MAX_CHANNELS} channels.")
        last_seqs = message.get("last_seq") or {}
        if not isinstance(last_seqs, dict):
            raise ProtocolError("bad_request", "last_seq must map channels to seq numbers.")
        for channel in channels:
            await self.channel_layer.group_add(broadcast.group_name(channel), self.channel_name)
            self.channels.add(channel)
        await self._send({"type": "subscribed", "channels": channels})
        for channel in channels:
            if channel.startswith("match:"):
                await self._send_state(channel, last_seqs.get(channel))

    async def _send_state(self, channel: str, last_seq: Any) -> None:
        match_id = int(channel.split(":")[1])
        if last_seq is not None and (not isinstance(last_seq, int) or last_seq < 0):
            raise ProtocolError("bad_request", f"last_seq for {channel} must be a whole number.")
        frames = await database_sync_to_async(_state_frames)(match_id, last_seq)
        if frames is None:
            self.channels.discard(channel)
            await self.channel_layer.group_discard(broadcast.group_name(channel), self.channel_name)
            raise ProtocolError("not_found", f"There is no match {match_id}.")
        for frame in frames:
            await self._send(frame)
        self.last_seq[match_id] = max(
            [frame["seq"] for frame in frames] + [self.last_seq.get(match_id, 0)]
        )

    async def _unsubscribe(self, message: dict[str, Any]) -> None:
        channels = _channels(message)
        for channel in channels:
            await self.channel_layer.group_discard(broadcast.group_name(channel), self.channel_name)
            self.channels.discard(channel)
            if channel.startswith("match:"):
                self.last_seq.pop(int(channel.split(":")[1]), None)
        await self._send({"type": "unsubscribed", "channels": channels})

    async def _send(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(frame, separators=(",", ":")))


def _state_frames(match_id: int, last_seq: int | None) -> list[dict[str, Any]] | None:
    snapshot = snapshot_frame(match_id=match_id)
    if snapshot is None:
        return None
    if last_seq is None or last_seq > snapshot["seq"]:
        return [snapshot]
    missed = catch_up_frames(match_id=match_id, since_seq=last_seq, until_seq=snapshot["seq"])
    return missed if missed is not None else [snapshot]


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
                "bad_channel", f"Unknown channel {channel!r}; use match:<id> or live:all."
            )
    return list(dict.fromkeys(channels))
