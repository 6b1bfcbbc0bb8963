"""Prometheus metrics, safe with several daphne and Celery processes.

With PROMETHEUS_MULTIPROC_DIR set (see docs/operations.md) every process writes its values
to files there and /metrics sums them; without it the process's own registry is served.
The directory must be emptied when the service starts."""

from __future__ import annotations

import atexit
import gc
import hmac
import logging
import os
import sys
import time
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from livescore.malloc_stats import malloc_totals

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

REQUEST_LATENCY = Histogram(
    "livescore_http_request_duration_seconds",
    "Time to answer an HTTP request, by route and status class.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
WEBSOCKET_CONNECTIONS = Gauge(
    "livescore_websocket_connections",
    "WebSocket connections being served (handshake received, not yet disconnected).",
    multiprocess_mode="livesum",
)
WEBSOCKET_OPENED = Counter("livescore_websocket_opened_total", "WebSocket handshakes received.")
EVENTS_INGESTED = Counter(
    "livescore_events_ingested_total",
    "Scoring events committed to a match log, by source.",
    ["source"],
)
BROADCAST_LATENCY = Histogram(
    "livescore_broadcast_latency_seconds",
    "From an event's commit to its broadcast reaching the channel layer.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30, 120),
)
BROADCAST_FAILURES = Counter(
    "livescore_broadcast_failures_total",
    "Broadcasts the channel layer refused; they stay in the outbox and are retried.",
)
CHANNEL_LAYER_DROPS = Counter(
    "livescore_channel_layer_drops_total",
    "Messages the Redis channel layer dropped because a channel was over capacity.",
)
FANOUT_COUNTERS = {
    name: Counter(f"livescore_fanout_{name}_total", help_text)
    for name, help_text in {
        "events": "Events a fan-out hub received from the channel layer and dispatched.",
        "deliveries": "Event frames a fan-out hub wrote to its fans' sockets.",
        "gaps": "Gaps in a fan's seq (frames the layer lost or delivered late) filled from "
        "the log.",
        "snapshots": "Snapshots sent to fans (on subscribe, or too far behind to catch up).",
        "slow_disconnects": "Fans closed (4408) for holding more than the send buffer limit.",
        "rejoins": "Groups a fan-out hub found itself no longer in (Redis flushed, restarted "
        "or evicting) and re-joined, repairing its fans from the log.",
        "receive_errors": "Failed channel-layer receives of a fan-out hub.",
    }.items()
}
CRAWL_JOBS = Counter(
    "livescore_crawl_jobs_total",
    "Feed crawl jobs run, by source and outcome.",
    ["source", "outcome"],
)
# Heap measures of the process answering the scrape, one series per living pid (with
# PROMETHEUS_MULTIPROC_DIR each process writes only its own values, so a scrape of one
# daphne holds that daphne's fresh numbers under its pid). RSS can step up with allocator
# arenas that are not leaks; the count of live allocator blocks cannot.
HEAP_BLOCKS = Gauge(
    "livescore_process_heap_blocks",
    "Memory blocks the Python allocator holds (sys.getallocatedblocks()) in the process "
    "that answered the scrape.",
    multiprocess_mode="liveall",
)
MALLOC_IN_USE_BYTES = Gauge(
    "livescore_process_malloc_in_use_bytes",
    "Bytes the C allocator (glibc malloc: everything Python keeps outside its own small-object "
    "arenas) has handed out, in the process that answered the scrape.",
    multiprocess_mode="liveall",
)
MALLOC_FREE_BYTES = Gauge(
    "livescore_process_malloc_free_bytes",
    "Bytes the C allocator holds free instead of returning them to the system, in the "
    "process that answered the scrape: RSS that no object holds.",
    multiprocess_mode="liveall",
)
HEAP_BLOCKS_AFTER_FULL_COLLECTION = Gauge(
    "livescore_process_heap_blocks_after_full_collection",
    "Python allocator blocks held right after the last full (generation 2) collection of "
    "the process that answered the scrape: the heap without cyclic garbage.",
    multiprocess_mode="liveall",
)
GC_FULL_COLLECTIONS = Gauge(
    "livescore_process_gc_full_collections",
    "Full (generation 2) collections the process that answered the scrape has run.",
    multiprocess_mode="liveall",
)
_heap_blocks_after_full_collection = 0


def _note_full_collection(phase: str, info: dict[str, int]) -> None:
    """gc callback. It only stores a number: setting a multiprocess gauge takes a lock the
    interrupted code may hold."""
    global _heap_blocks_after_full_collection
    if phase == "stop" and info["generation"] == 2:
        _heap_blocks_after_full_collection = sys.getallocatedblocks()


if _note_full_collection not in gc.callbacks:
    gc.callbacks.append(_note_full_collection)


def heap_measure() -> None:
    """Refresh the heap gauges. Nothing here may allocate in proportion to the heap: a
    list of every tracked object (`gc.get_objects()`, 1.5 MB at 180k objects) built at
    each scrape fragmented malloc's heap by about a megabyte a minute (docs/benchmarks.md,
    "The scrape that grew the heap")."""
    HEAP_BLOCKS.set(sys.getallocatedblocks())
    if _heap_blocks_after_full_collection:
        HEAP_BLOCKS_AFTER_FULL_COLLECTION.set(_heap_blocks_after_full_collection)
    GC_FULL_COLLECTIONS.set(gc.get_stats()[2]["collections"])
    totals = malloc_totals()
    if totals is not None:
        MALLOC_IN_USE_BYTES.set(totals.in_use_bytes)
        MALLOC_FREE_BYTES.set(totals.free_bytes)


def metrics_view(request):
    """GET /metrics. With METRICS_TOKEN set, only `Authorization: Bearer <token>` may read."""
    token = getattr(settings, "METRICS_TOKEN", None)
    if token:
        supplied = request.headers.get("Authorization", "")
        if not hmac.compare_digest(supplied.encode(), f"Bearer {token}".encode()):
            return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    heap_measure()
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or match.route or "unmatched"


class RequestMetricsMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        started = time.perf_counter()
        response = self.get_response(request)
        self._observe(request, response, started)
        return response

    async def _acall(self, request):
        started = time.perf_counter()
        response = await self.get_response(request)
        self._observe(request, response, started)
        return response

    def _observe(self, request, response, started: float) -> None:
        REQUEST_LATENCY.labels(
            method=request.method if request.method in _METHODS else "other",
            route=_route(request),
            status=f"{response.status_code // 100}xx",
        ).observe(time.perf_counter() - started)


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class WebSocketMetrics:
    """ASGI middleware around the WebSocket router: counts connections being served.

    It watches `receive`, never wraps `send`: the fan-out path recognises daphne's own send
    callable to write to sockets directly (scoring/realtime/transport.py)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive, send):
        if scope["type"] != "websocket":
            return await self.app(scope, receive, send)
        is_open = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal is_open
            message = await receive()
            if message["type"] == "websocket.connect" and not is_open:
                is_open = True
                WEBSOCKET_OPENED.inc()
                WEBSOCKET_CONNECTIONS.inc()
            elif message["type"] == "websocket.disconnect" and is_open:
                is_open = False
                WEBSOCKET_CONNECTIONS.dec()
            return message

        try:
            return await self.app(scope, counting_receive, send)
        finally:
            if is_open:
                WEBSOCKET_CONNECTIONS.dec()


class ChannelLayerDropCounter(logging.Handler):
    """channels_redis reports group messages dropped over capacity only as an INFO log
    line (channels_redis #181): count those lines."""

    def emit(self, record: logging.LogRecord) -> None:
        if "over capacity" in str(record.msg):
            dropped = record.args[0] if isinstance(record.args, tuple) and record.args else 1
            CHANNEL_LAYER_DROPS.inc(dropped if isinstance(dropped, int) else 1)


def install_drop_counter() -> None:
    layer_logger = logging.getLogger("channels_redis.core")
    if not any(isinstance(h, ChannelLayerDropCounter) for h in layer_logger.handlers):
        layer_logger.addHandler(ChannelLayerDropCounter(level=logging.INFO))
        if layer_logger.level == logging.NOTSET or layer_logger.level > logging.INFO:
            layer_logger.setLevel(logging.INFO)


if MULTIPROCESS:
    atexit.register(multiprocess.mark_process_dead, os.getpid())
