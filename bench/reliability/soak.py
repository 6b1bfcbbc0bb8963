"""Load, soak and fault drills against real processes (bench/reliability/cluster.py).

    .venv/bin/python -m bench.reliability.soak --minutes 10 --fans 2000 --matches 6
    .venv/bin/python -m bench.reliability.soak --minutes 2 --fans 300 --drill redis@40:20
    .venv/bin/python -m bench.reliability.soak --minutes 2 --fans 300 --drill postgres@40:15
    .venv/bin/python -m bench.reliability.soak --minutes 2 --fans 300 --drill daphne@40

Scorers post events through the REST API at match rates plus bursts (four posters at once on
one match); fans split over two daphne processes check every frame by seq (a gap or a
repeat is an error) and reconnect to the other daphne with last_seq when closed; API readers
poll the live list. At the end every fan must hold its match's final seq, and the log must
hold exactly the acknowledged events. Prints one JSON report."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import signal
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime

import httpx
import websockets
from prometheus_client.parser import text_string_to_metric_families

from bench.reliability.cluster import Cluster, process_status

SETUP = """
import json
from django.contrib.auth import get_user_model
from matches.models import Competition, Match, Team
from scoring import services
from django.utils import timezone
User = get_user_model()
User.objects.create_superuser("bench", "bench@example.com", "bench-password-123")
competition = Competition.objects.create(name="Soak league", sport="football", season="2026",
    rules={"points_for_win": 3, "points_for_draw": 1})
ids = []
for n in range(%(matches)d):
    home = Team.objects.create(name=f"Home {n}", sport="football")
    away = Team.objects.create(name=f"Away {n}", sport="football")
    match = Match.objects.create(competition=competition, home_team=home, away_team=away,
        start_time=timezone.now())
    services.match_transition(match_id=match.pk, to_status="live", source="system")
    ids.append(match.pk)
print(json.dumps(ids))
"""


@dataclass
class Tally:
    acknowledged: dict[int, set[int]] = field(default_factory=dict)
    post_status: dict[str, int] = field(default_factory=dict)
    frames: int = 0
    gaps: int = 0
    duplicates: int = 0
    reconnects: int = 0
    latencies: list[float] = field(default_factory=list)
    read_status: dict[str, int] = field(default_factory=dict)
    read_latencies: list[float] = field(default_factory=list)
    fan_last: dict[int, int] = field(default_factory=dict)
    fan_match: dict[int, int] = field(default_factory=dict)
    close_codes: dict[str, int] = field(default_factory=dict)

    def count(self, table: dict[str, int], key: object) -> None:
        table[str(key)] = table.get(str(key), 0) + 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Soak:
    def __init__(self, args: argparse.Namespace, cluster: Cluster) -> None:
        self.args = args
        self.cluster = cluster
        self.tally = Tally()
        self.stopping = asyncio.Event()
        self.token = ""
        self.match_ids: list[int] = []

    def base(self, index: int) -> str:
        ports = self.cluster.daphne_ports
        return f"127.0.0.1:{ports[index % len(ports)]}"

    # --- scorers -----------------------------------------------------------------------------
    async def post_event(self, client: httpx.AsyncClient, match_id: int, value: int) -> None:
        key = uuid.uuid4().hex
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await client.post(
                    f"http://{self.base(attempt)}/api/v1/matches/{match_id}/events/",
                    json={
                        "kind": "stat",
                        "payload": {"side": "home", "name": "corners", "value": value},
                    },
                    headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": key},
                    timeout=30,
                )
                status = response.status_code
            except httpx.HTTPError as error:
                status = type(error).__name__
            self.tally.count(self.tally.post_status, status)
            if status in (200, 201):
                self.tally.acknowledged.setdefault(match_id, set()).add(response.json()["seq"])
                return
            if status == 409:  # stale seq: another poster won the lock; the key retries
                await asyncio.sleep(0.01)
                continue
            if status == 401:  # the access token lived its 15 minutes: sign in again
                await self.sign_in(client)
                continue
            await asyncio.sleep(0.5)  # 503, a daphne gone: retry with the same key

    async def sign_in(self, client: httpx.AsyncClient) -> None:
        token = await client.post(
            f"http://{self.base(0)}/api/v1/auth/token/",
            json={"username": "bench", "password": "bench-password-123"},
            timeout=30,
        )
        self.token = token.json()["access"]

    async def scorer(self, client: httpx.AsyncClient, match_id: int) -> None:
        value = 0
        while not self.stopping.is_set():
            await asyncio.sleep(random.expovariate(1 / self.args.event_seconds))
            value += 1
            await self.post_event(client, match_id, value)

    async def bursts(self, client: httpx.AsyncClient) -> None:
        while not self.stopping.is_set():
            await asyncio.sleep(self.args.burst_seconds)
            match_id = random.choice(self.match_ids)
            values = range(1000, 1000 + self.args.burst_size)
            posters = [self.post_event(client, match_id, value) for value in values]
            for start in range(0, len(posters), 4):  # four scorers at once on one match
                await asyncio.gather(*posters[start : start + 4])

    # --- fans --------------------------------------------------------------------------------
    async def fan(self, number: int, match_id: int) -> None:
        channel = f"match:{match_id}"
        last: int | None = None
        attempt = number
        self.tally.fan_match[number] = match_id
        while True:
            try:
                async with websockets.connect(
                    f"ws://{self.base(attempt)}/ws/",
                    origin=f"http://{self.base(attempt)}",
                    open_timeout=30,
                    max_queue=None,
                ) as ws:
                    subscribe = {"action": "subscribe", "channels": [channel]}
                    if last is not None:
                        subscribe["last_seq"] = {channel: last}
                    await ws.send(json.dumps(subscribe))
                    async for raw in ws:
                        frame = json.loads(raw)
                        kind = frame.get("type")
                        if kind in ("subscribed", "pong"):
                            continue
                        if kind == "error":
                            self.tally.count(self.tally.close_codes, frame.get("code"))
                            continue
                        seq = frame["seq"]
                        if kind == "snapshot":
                            if last is not None and seq < last:
                                self.tally.duplicates += 1
                            last = max(seq, last or 0)
                            self.tally.fan_last[number] = last
                            continue
                        self.tally.frames += 1
                        if last is not None and seq <= last:
                            self.tally.duplicates += 1
                            continue
                        if last is not None and seq != last + 1:
                            self.tally.gaps += 1
                        last = seq
                        self.tally.fan_last[number] = last
                        sent = datetime.fromisoformat(frame["ts"]).timestamp()
                        self.tally.latencies.append(time.time() - sent)
                if self.stopping.is_set():
                    return
                self.tally.count(self.tally.close_codes, ws.close_code)
            except (TimeoutError, OSError, websockets.WebSocketException) as error:
                if self.stopping.is_set():
                    return
                self.tally.count(self.tally.close_codes, type(error).__name__)
            self.tally.reconnects += 1
            attempt += 1  # the other daphne
            await asyncio.sleep(random.uniform(0.2, 1.0))

    # --- readers -----------------------------------------------------------------------------
    async def reader(self, client: httpx.AsyncClient, number: int) -> None:
        while not self.stopping.is_set():
            started = time.perf_counter()
            try:
                response = await client.get(
                    f"http://{self.base(number)}/api/v1/matches/?status=live", timeout=30
                )
                self.tally.count(self.tally.read_status, response.status_code)
            except httpx.HTTPError as error:
                self.tally.count(self.tally.read_status, type(error).__name__)
            self.tally.read_latencies.append(time.perf_counter() - started)
            number += 1
            await asyncio.sleep(self.args.read_seconds)

    # --- faults ------------------------------------------------------------------------------
    async def drill(self) -> dict:
        if not self.args.drill:
            return {}
        name, _, timing = self.args.drill.partition("@")
        at, _, length = timing.partition(":")
        await asyncio.sleep(float(at))
        report: dict = {"drill": name, "at_s": float(at)}
        loop = asyncio.get_running_loop()
        if name == "redis":
            await loop.run_in_executor(None, self.cluster.redis_stop)
            await asyncio.sleep(float(length or 20))
            await loop.run_in_executor(None, self.cluster.redis_start)
        elif name == "postgres":
            await loop.run_in_executor(None, self.cluster.postgres_stop)
            async with httpx.AsyncClient() as client:
                ready = await client.get(f"http://{self.base(0)}/health/ready/", timeout=30)
                report["ready_while_down"] = ready.status_code
                report["write_while_down"] = await self.probe_write(client)
                await asyncio.sleep(float(length or 15))
                await loop.run_in_executor(None, self.cluster.postgres_start)
                report["seconds_to_ready_after_start"] = await self.seconds_to_ready(client)
        elif name == "daphne":
            port = self.cluster.daphne_ports[0]
            await loop.run_in_executor(None, self.cluster.daphne_kill, port)
            await asyncio.sleep(float(length or 5))
            await loop.run_in_executor(None, self.cluster.daphne_start, port)
        report["duration_s"] = float(length or 0)
        return report

    async def probe_write(self, client: httpx.AsyncClient) -> dict:
        """One write while the database is away: its status, content type and error code."""
        response = await client.post(
            f"http://{self.base(0)}/api/v1/matches/{self.match_ids[0]}/events/",
            json={"kind": "stat", "payload": {"side": "away", "name": "corners", "value": 1}},
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
        )
        try:
            code = response.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            code = None
        return {
            "status": response.status_code,
            "content_type": response.headers.get("content-type"),
            "error_code": code,
        }

    async def seconds_to_ready(self, client: httpx.AsyncClient) -> float | None:
        started = time.monotonic()
        while time.monotonic() - started < 60:
            with contextlib.suppress(httpx.HTTPError):
                ready = await client.get(f"http://{self.base(0)}/health/ready/", timeout=5)
                if ready.status_code == 200:
                    return round(time.monotonic() - started, 2)
            await asyncio.sleep(0.2)
        return None

    async def memory(self, client: httpx.AsyncClient, samples: list[dict]) -> None:
        """Once a minute, and once more at the end: each daphne's RSS and its own heap
        measures (from its own /metrics, under its pid)."""
        while True:
            samples.append(await self.memory_sample(client))
            if self.stopping.is_set():
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), timeout=60)

    async def memory_sample(self, client: httpx.AsyncClient) -> dict:
        sample: dict = {"t_s": round(time.monotonic() - self.started), "daphnes": {}}
        for port, process in list(self.cluster.daphnes.items()):
            measures = {"pid": process.pid, **process_status(process.pid)}
            try:
                scrape = await client.get(f"http://127.0.0.1:{port}/metrics", timeout=30)
                measures.update(heap_measures(scrape.text, pid=process.pid))
            except httpx.HTTPError as error:
                measures["scrape_error"] = type(error).__name__
            sample["daphnes"][str(port)] = measures
        return sample

    # --- run ---------------------------------------------------------------------------------
    async def run(self) -> dict:
        self.match_ids = json.loads(
            self.cluster.manage("shell", stdin=SETUP % {"matches": self.args.matches})
            .strip()
            .splitlines()[-1]
        )
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=200)) as client:
            await self.sign_in(client)
            fans = []
            for number in range(self.args.fans):
                match_id = self.match_ids[number % len(self.match_ids)]
                fans.append(asyncio.create_task(self.fan(number, match_id)))
                if number % 200 == 199:
                    await asyncio.sleep(1)
            await asyncio.sleep(3)
            self.started = time.monotonic()
            memory: list[dict] = []
            workers = [
                *(asyncio.create_task(self.scorer(client, m)) for m in self.match_ids),
                asyncio.create_task(self.bursts(client)),
                *(asyncio.create_task(self.reader(client, n)) for n in range(self.args.readers)),
                asyncio.create_task(self.memory(client, memory)),
            ]
            drill = asyncio.create_task(self.drill())
            await asyncio.sleep(self.args.minutes * 60)
            self.stopping.set()
            await asyncio.gather(*workers, return_exceptions=True)
            drill_report = await drill if drill.done() else {"drill": "not reached"}
            final = await self.final_seqs(client)
            await self.settle(final)
            for task in fans:
                task.cancel()
            await asyncio.gather(*fans, return_exceptions=True)
            return self.report(final, memory, drill_report)

    async def final_seqs(self, client: httpx.AsyncClient) -> dict[int, int]:
        await asyncio.sleep(5)  # let the outbox drain and the last frames arrive
        final = {}
        for match_id in self.match_ids:
            response = await client.get(f"http://{self.base(0)}/api/v1/matches/{match_id}/")
            final[match_id] = response.json()["seq"]
        return final

    async def settle(self, final: dict[int, int]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            behind = [
                n for n, m in self.tally.fan_match.items() if self.tally.fan_last.get(n) != final[m]
            ]
            if not behind:
                return
            await asyncio.sleep(1)

    def report(self, final: dict[int, int], memory: list[dict], drill: dict) -> dict:
        tally = self.tally
        behind = sum(1 for n, m in tally.fan_match.items() if tally.fan_last.get(n) != final[m])
        logged = {m: sorted(tally.acknowledged.get(m, set())) for m in self.match_ids}
        # The log of each match: seq 1 (kick-off status) then exactly the acknowledged events.
        log_intact = all(seqs == list(range(2, final[m] + 1)) for m, seqs in logged.items())
        return {
            "minutes": self.args.minutes,
            "fans": self.args.fans,
            "daphnes": len(self.cluster.daphne_ports),
            "matches": len(self.match_ids),
            "events_acknowledged": sum(len(v) for v in tally.acknowledged.values()),
            "final_seqs": final,
            "log_is_exactly_the_acknowledged_events": log_intact,
            "post_status": tally.post_status,
            "frames_received": tally.frames,
            "gaps": tally.gaps,
            "duplicates": tally.duplicates,
            "fans_behind_at_end": behind,
            "reconnects": tally.reconnects,
            "close_reasons": tally.close_codes,
            "delivery_latency_ms": {
                "p50": round(1000 * percentile(tally.latencies, 0.50), 1),
                "p99": round(1000 * percentile(tally.latencies, 0.99), 1),
                "max": round(1000 * max(tally.latencies, default=float("nan")), 1),
            },
            "reads": tally.read_status,
            "read_latency_ms": {
                "p50": round(1000 * percentile(tally.read_latencies, 0.5), 1),
                "p99": round(1000 * percentile(tally.read_latencies, 0.99), 1),
            },
            # One sample a minute: RSS can step with allocator arenas; heap blocks and
            # malloc's bytes in use grow only with what the process keeps, malloc's free
            # bytes with fragmentation.
            "memory_warmup_minutes": self.args.warmup_minutes,
            "memory_after_warmup": memory_growth(memory, warmup_s=60 * self.args.warmup_minutes),
            "memory_per_minute": memory,
            "mean_frames_per_fan": round(tally.frames / max(1, self.args.fans), 1),
            **drill,
        }


PROCESS_MEASURES = ("rss_kib", "rss_anon_kib", "threads")
HEAP_MEASURES = {
    "livescore_process_heap_blocks": "heap_blocks",
    "livescore_process_malloc_in_use_bytes": "malloc_in_use_bytes",
    "livescore_process_malloc_free_bytes": "malloc_free_bytes",
    "livescore_process_heap_blocks_after_full_collection": "heap_blocks_after_full_collection",
    "livescore_process_gc_full_collections": "gc_full_collections",
}


def heap_measures(exposition: str, *, pid: int) -> dict[str, float]:
    """The heap gauges of one process from a /metrics text (one series per pid)."""
    return {
        HEAP_MEASURES[sample.name]: sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name in HEAP_MEASURES and sample.labels.get("pid") == str(pid)
    }


def slope_per_minute(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value) points, per minute (NaN below two times)."""
    if len(points) < 2:
        return float("nan")
    times, values = zip(*points, strict=True)
    try:
        return 60 * statistics.linear_regression(times, values).slope
    except statistics.StatisticsError:  # every point at one time
        return float("nan")


def memory_growth(samples: list[dict], *, warmup_s: float) -> dict:
    """Per daphne and measure, from the first sample after warm-up to the last: the values,
    the growth and the least-squares slope per minute."""
    after = [sample for sample in samples if sample["t_s"] >= warmup_s]
    growth: dict = {}
    for port in after[0]["daphnes"] if after else []:
        growth[port] = {}
        for measure in (*PROCESS_MEASURES, *HEAP_MEASURES.values()):
            points = [
                (sample["t_s"], sample["daphnes"][port][measure])
                for sample in after
                if measure in sample["daphnes"].get(port, {})
            ]
            if not points:
                continue
            first, last = points[0][1], points[-1][1]
            growth[port][measure] = {
                "at_warmup": first,
                "at_end": last,
                "growth": last - first,
                "growth_pct": round(100 * (last - first) / first, 2) if first else None,
                "slope_per_minute": round(slope_per_minute(points), 1),
                "samples": len(points),
            }
    return growth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--fans", type=int, default=2000)
    parser.add_argument("--matches", type=int, default=6)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--event-seconds", type=float, default=3.0, help="mean gap per match")
    parser.add_argument("--burst-seconds", type=float, default=60.0)
    parser.add_argument("--burst-size", type=int, default=20)
    parser.add_argument("--read-seconds", type=float, default=1.0)
    parser.add_argument("--warmup-minutes", type=float, default=5, help="memory growth after")
    parser.add_argument("--drill", help="redis@AT:SECONDS, postgres@AT:SECONDS or daphne@AT")
    args = parser.parse_args()
    # A plain SIGTERM (kill, timeout) would end the process without the finally below and
    # leave the cluster's PostgreSQL, Redis, daphne and Celery processes running.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    cluster = Cluster()
    try:
        cluster.start()
        report = asyncio.run(Soak(args, cluster).run())
    finally:
        with contextlib.suppress(Exception):
            cluster.stop()
    print(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
