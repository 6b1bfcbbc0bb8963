"""Fan-out of committed events to the fans connected to this process.

`Hub`: one per event loop (one per daphne process). It puts ONE channel of its own into the
Redis channel layer group of every channel its local fans follow, so each event crosses
Redis once per group per process, not once per fan; it writes the event's text, serialised
once, straight to every local socket. No per-fan layer message, msgpack decode, JSON dump or
`aclose_old_connections` thread hop (channels PR #2090) — see docs/benchmarks.md. Several
processes each hold their own hub channel in the same groups, so nothing assumes a single
instance.

`Subscriber`: one per connection, shared by both fan-out paths. It keeps, per (channel,
match), the last seq sent: duplicates are dropped, a gap is filled from the log before
anything later is sent (frames lost in the layer, or overtaken by a later commit's
publish), a fan too far behind gets a snapshot. It bounds what a slow socket may buffer and
closes it past the limit; the fan resumes by seq."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
import weakref
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from livescore.metrics import FANOUT_COUNTERS
from scoring.models import Scoreboard
from scoring.realtime import broadcast
from scoring.realtime.catch_up import catch_up_frames, snapshot_frame

logger = logging.getLogger(__name__)

# Process-wide counters, logged by each hub's maintenance loop ("fanout metrics …") and
# exported to Prometheus (livescore.metrics.FANOUT_COUNTERS).
METRICS: Counter[str] = Counter()

CLOSE_TOO_SLOW = 4408
MAINTENANCE_SECONDS = 30
# The layer forgets group members after group_expiry (a day by default): re-join well before.
REJOIN_SECONDS = 3600
# How often a hub checks that Redis still lists it in each group it joined (one pipelined
# ZSCORE per group). Redis forgets memberships when its database is flushed (Django's
# RedisCache.clear() was a FLUSHDB of the database the channel layer shares: issue 5's run
# that delivered nothing), restarted without persistence, or keys are evicted. Publishing
# to a group nobody is in succeeds silently, so the hub must notice by itself.
MEMBERSHIP_CHECK_SECONDS = 2.0


def count(name: str, amount: int = 1) -> None:
    METRICS[name] += amount
    counter = FANOUT_COUNTERS.get(name)
    if counter is not None:
        counter.inc(amount)


def membership_check_seconds() -> float:
    return float(getattr(settings, "REALTIME_MEMBERSHIP_CHECK_SECONDS", MEMBERSHIP_CHECK_SECONDS))


def send_buffer_limit() -> int:
    return int(getattr(settings, "REALTIME_SEND_BUFFER_BYTES", 256 * 1024))


@dataclass
class Stream:
    """What one connection has been sent of one match on one channel."""

    last: int
    pending: dict[int, bytes] | None = None  # frames held while the log fills a gap


@dataclass
class Subscriber:
    """One fan connection: its routes (group → channels) and per-match ordering state.

    `join` and `leave` put the connection in or out of a group: through the hub, or
    through the channel layer directly on the baseline path."""

    wire: Any
    join: Callable[[str, Subscriber], Awaitable[None]]
    leave: Callable[[str, Subscriber], Awaitable[None]]
    routes: dict[str, set[str]] = field(default_factory=dict)
    channel_groups: dict[str, set[str]] = field(default_factory=dict)
    streams: dict[tuple[str, int], Stream] = field(default_factory=dict)
    tasks: set[asyncio.Task] = field(default_factory=set)
    is_closed: bool = False

    def __hash__(self) -> int:
        return id(self)

    # Membership --------------------------------------------------------------------------

    async def add_channel(self, channel: str, groups: list[str]) -> None:
        self.channel_groups[channel] = set(groups)
        for group in groups:
            labels = self.routes.setdefault(group, set())
            is_new = not labels
            labels.add(channel)
            if is_new:
                await self.join(group, self)

    async def remove_channel(self, channel: str) -> None:
        for group in self.channel_groups.pop(channel, ()):
            labels = self.routes.get(group)
            if labels is None:
                continue
            labels.discard(channel)
            if not labels:
                del self.routes[group]
                await self.leave(group, self)
        for key in [key for key in self.streams if key[0] == channel]:
            del self.streams[key]

    async def close(self) -> None:
        self.is_closed = True
        for task in self.tasks:
            task.cancel()
        for group in list(self.routes):
            del self.routes[group]
            with contextlib.suppress(Exception):
                await self.leave(group, self)
        self.channel_groups.clear()

    # Control frames ----------------------------------------------------------------------

    def send_frame(self, frame: dict[str, Any]) -> None:
        self._write(json.dumps(frame, separators=(",", ":")).encode())

    # Events ------------------------------------------------------------------------------

    def deliver(self, channel: str, match_id: int, seq: int, payload: bytes) -> None:
        """An event of `match_id` arriving on `channel`: send it once, in seq order."""
        key = (channel, match_id)
        stream = self.streams.get(key)
        if stream is None:
            if channel not in self.channel_groups or channel.startswith("match:"):
                return  # unsubscribed meanwhile (a match channel's stream starts at subscribe)
            # Other channels start each match at the first event they carry.
            stream = self.streams[key] = Stream(last=seq - 1)
        if stream.pending is not None:
            stream.pending[seq] = payload
            return
        if seq <= stream.last:
            return
        if seq == stream.last + 1:
            stream.last = seq
            self._write(payload)
            return
        stream.pending = {seq: payload}
        count("gaps")
        self._spawn(self._settle(channel, match_id, stream))

    def open_stream(self, channel: str, match_id: int, last_seq: int | None) -> None:
        """Start holding live events of a match on a channel being subscribed."""
        start = last_seq if last_seq is not None else -1
        self.streams[(channel, match_id)] = Stream(last=start, pending={})

    async def fill_stream(self, channel: str, match_id: int, last_seq: int | None) -> None:
        """Send what the fan lacks — the events after `last_seq` from the log, or a
        snapshot — then the live events held meanwhile."""
        stream = self.streams.get((channel, match_id))
        if stream is None:
            return
        frames = await database_sync_to_async(state_frames)(match_id, last_seq)
        if frames is None:  # the match disappeared: nothing to follow
            self.streams.pop((channel, match_id), None)
            return
        self._write_frames(channel, stream, frames, accept_any_first=True)
        await self._settle(channel, match_id, stream)

    async def _settle(self, channel: str, match_id: int, stream: Stream) -> None:
        """Flush queued frames in order, filling each gap from the log first."""
        try:
            while stream.pending:
                first = min(stream.pending)
                if first <= stream.last + 1:
                    payload = stream.pending.pop(first)
                    if first == stream.last + 1:
                        stream.last = first
                        self._write(payload)
                    continue
                frames = await database_sync_to_async(gap_frames)(match_id, stream.last, first)
                if not frames:
                    logger.error("match %s seq %s..%s missing", match_id, stream.last, first)
                    stream.last = first - 1
                    continue
                self._write_frames(channel, stream, frames, accept_any_first=False)
        finally:
            stream.pending = None

    def write_missed(
        self, channel: str, match_id: int, since: int, frames: list[dict[str, Any]]
    ) -> None:
        """Frames read from the log after `since` (events the layer never brought): written
        unless the stream moved meanwhile — then its own gap filling covers them."""
        stream = self.streams.get((channel, match_id))
        if stream is None or stream.pending is not None or stream.last != since:
            return
        self._write_frames(channel, stream, [dict(f) for f in frames], accept_any_first=False)

    def _write_frames(
        self, channel: str, stream: Stream, frames: list[dict[str, Any]], *, accept_any_first: bool
    ) -> None:
        for frame in frames:
            is_snapshot = frame["type"] == "snapshot"
            if frame["seq"] <= stream.last and not (accept_any_first and is_snapshot):
                continue
            frame["channel"] = channel
            stream.last = frame["seq"]
            self.send_frame(frame)
            if is_snapshot:
                count("snapshots")

    # Writing -----------------------------------------------------------------------------

    def _write(self, payload: bytes) -> None:
        if self.is_closed:
            return
        if self.wire.backlog() > send_buffer_limit():
            count("slow_disconnects")
            self.is_closed = True
            self.wire.close(
                CLOSE_TOO_SLOW, "Too slow to keep up; reconnect and resubscribe with last_seq."
            )
            return
        self.wire.write(payload)

    def _spawn(self, coroutine: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


def state_frames(match_id: int, last_seq: int | None) -> list[dict[str, Any]] | None:
    """What a fresh subscription to a match is sent: the events after last_seq, or a
    snapshot when it has none, is ahead of the log, or is too far behind."""
    snapshot = snapshot_frame(match_id=match_id)
    if snapshot is None:
        return None
    if last_seq is None or last_seq > snapshot["seq"]:
        return [snapshot]
    missed = catch_up_frames(match_id=match_id, since_seq=last_seq, until_seq=snapshot["seq"])
    return missed if missed is not None else [snapshot]


def gap_frames(match_id: int, last: int, next_seq: int) -> list[dict[str, Any]]:
    missed = catch_up_frames(match_id=match_id, since_seq=last, until_seq=next_seq - 1)
    if missed is not None:
        return missed
    snapshot = snapshot_frame(match_id=match_id)
    return [snapshot] if snapshot else []


def latest_seqs(match_ids: list[int]) -> dict[int, int]:
    return dict(Scoreboard.objects.filter(match_id__in=match_ids).values_list("match_id", "seq"))


class Hub:
    """This event loop's single member of every group its fans follow."""

    def __init__(self) -> None:
        self.layer = get_channel_layer()
        self.channel = f"fanout.{uuid.uuid4().hex}"
        self.subscribers: dict[str, set[Subscriber]] = {}
        self.joined: dict[str, asyncio.Future] = {}
        self.joined_at = time.monotonic()
        loop = asyncio.get_running_loop()
        self.receiver = loop.create_task(self._receive())
        self.maintainer = loop.create_task(self._maintain())

    async def add(self, group: str, subscriber: Subscriber) -> None:
        self.subscribers.setdefault(group, set()).add(subscriber)
        joined = self.joined.get(group)
        if joined is None:
            joined = self.joined[group] = asyncio.get_running_loop().create_future()
            try:
                await self.layer.group_add(group, self.channel)
            except Exception as error:
                del self.joined[group]
                joined.set_exception(error)
                joined.exception()  # retrieved: later waiters re-raise it themselves
                raise
            joined.set_result(None)
        # Every fan waits until the hub is in the group, so nothing committed after
        # its snapshot is read can be published past it.
        await asyncio.shield(joined)

    async def discard(self, group: str, subscriber: Subscriber) -> None:
        members = self.subscribers.get(group)
        if members is not None:
            members.discard(subscriber)
            if not members:
                del self.subscribers[group]
        if not self.subscribers:
            await self.stop()
        # Groups left with no local fan are dropped by _maintain, not here: a leave racing
        # a new fan's join on another Redis connection could otherwise land last.

    def dispatch(self, message: dict[str, Any]) -> None:
        members = self.subscribers.get(message.get("group"))
        if not members:
            return
        match_id, seq, body = message["match"], message["seq"], message["body"]
        payloads: dict[str, bytes] = {}
        group = message["group"]
        sent = 0
        for subscriber in list(members):
            for channel in subscriber.routes.get(group, ()):
                payload = payloads.get(channel)
                if payload is None:
                    payload = payloads[channel] = broadcast.frame_text(channel, body).encode()
                try:
                    subscriber.deliver(channel, match_id, seq, payload)
                except Exception:
                    logger.exception("delivery to one fan failed")
                sent += 1
        count("events")
        count("deliveries", sent)

    async def stop(self) -> None:
        if _hubs.get(asyncio.get_running_loop()) is self:
            del _hubs[asyncio.get_running_loop()]
        for task in (self.receiver, self.maintainer):
            task.cancel()
        for task in (self.receiver, self.maintainer):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for group in list(self.joined):
            with contextlib.suppress(Exception):
                await self.layer.group_discard(group, self.channel)
        self.joined.clear()

    async def _receive(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                # Fans repair whatever was lost meanwhile by seq, on the next event.
                count("receive_errors")
                logger.exception("fan-out hub receive failed; retrying")
                await asyncio.sleep(1)
                await self._rejoin()
                continue
            if message.get("type") == broadcast.EVENT_MESSAGE:
                self.dispatch(message)

    async def _rejoin(self) -> None:
        """After a Redis outage: a Redis that restarted empty has forgotten every group
        member, so join again and repair the fans from the log, or this process's fans
        would hear nothing."""
        try:
            await self.check_membership()
        except Exception:
            return  # still down: the next failed receive, or the next check, comes back here

    async def _maintain(self) -> None:
        last_logged: dict[str, int] = {}
        last_maintained = time.monotonic()
        while True:
            await asyncio.sleep(membership_check_seconds())
            try:
                await self.check_membership()
            except Exception:
                logger.exception("fan-out hub membership check failed")
            if time.monotonic() - last_maintained < MAINTENANCE_SECONDS:
                continue
            last_maintained = time.monotonic()
            try:
                for group in [g for g in self.joined if g not in self.subscribers]:
                    del self.joined[group]
                    await self.layer.group_discard(group, self.channel)
                if time.monotonic() - self.joined_at > REJOIN_SECONDS:
                    self.joined_at = time.monotonic()
                    for group in list(self.joined):
                        await self.layer.group_add(group, self.channel)
            except Exception:
                logger.exception("fan-out hub maintenance failed")
            if dict(METRICS) != last_logged:
                last_logged = dict(METRICS)
                logger.info("fanout metrics %s", json.dumps(last_logged, sort_keys=True))

    async def check_membership(self) -> list[str]:
        """Re-join every group Redis no longer lists this hub in, then send the fans of
        those groups what was committed meanwhile (published to nobody). Returns the
        groups re-joined."""
        layer = self.layer
        groups = [group for group, joined in self.joined.items() if joined.done()]
        if not groups or not hasattr(layer, "_group_key"):
            return []  # not the Redis layer: memberships cannot vanish behind our back
        by_index: dict[int, list[str]] = {}
        for group in groups:
            by_index.setdefault(layer.consistent_hash(group), []).append(group)
        missing = []
        for index, names in by_index.items():
            pipe = layer.connection(index).pipeline(transaction=False)
            for group in names:
                pipe.zscore(layer._group_key(group), self.channel)
            scores = await pipe.execute()
            missing.extend(g for g, score in zip(names, scores, strict=True) if score is None)
        if not missing:
            return []
        count("rejoins", len(missing))
        logger.warning(
            "fan-out hub %s was no longer in %d group(s) (Redis flushed, restarted or "
            "evicting?); re-joined and repairing from the log: %s",
            self.channel,
            len(missing),
            ", ".join(sorted(missing)[:10]),
        )
        for group in missing:
            await layer.group_add(group, self.channel)
        await self._repair(missing)
        return missing

    async def _repair(self, groups: list[str]) -> None:
        """Fans following `groups` may lack events committed while the hub was out of
        them: read each (match, last seq) from the log once, write it to every fan."""
        targets: dict[tuple[int, int], list[tuple[Subscriber, str]]] = {}
        for group in groups:
            for subscriber in list(self.subscribers.get(group, ())):
                for channel in subscriber.routes.get(group, ()):
                    for (stream_channel, match_id), stream in subscriber.streams.items():
                        if stream_channel == channel and stream.pending is None:
                            targets.setdefault((match_id, stream.last), []).append(
                                (subscriber, channel)
                            )
        if not targets:
            return
        latest = await database_sync_to_async(latest_seqs)(sorted({m for m, _ in targets}))
        for (match_id, since), fans in targets.items():
            until = latest.get(match_id, 0)
            if until <= since:
                continue
            frames = await database_sync_to_async(gap_frames)(match_id, since, until + 1)
            count("gaps")
            for subscriber, channel in fans:
                subscriber.write_missed(channel, match_id, since, frames)


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def hub() -> Hub:
    loop = asyncio.get_running_loop()
    current = _hubs.get(loop)
    if current is None:
        current = _hubs[loop] = Hub()
    return current


async def hub_join(group: str, subscriber: Subscriber) -> None:
    await hub().add(group, subscriber)


async def hub_leave(group: str, subscriber: Subscriber) -> None:
    current = _hubs.get(asyncio.get_running_loop())
    if current is not None:
        await current.discard(group, subscriber)
