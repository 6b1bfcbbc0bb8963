"""Fan-out benchmark: real daphne processes, real Redis and PostgreSQL, N WebSocket fans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ls_realtime \\
    REDIS_URL=redis://127.0.0.1:6379/5 \\
    .venv/bin/python bench/fanout/run.py --clients 1000 2000 5000 --modes hub groups

For each (mode, N): starts daphne (REALTIME_FANOUT=mode; --servers 2 for two processes
sharing Redis), connects N fans (ramped, 200 at a time) subscribed to one match (or spread
over --matches), lets a scorer process commit status events at a steady --rate through
scoring.services, and reports per-event latency from COMMIT (an on_commit hook registered
before the service's broadcast) to each fan's socket read: p50/p95/p99/max,
delivered/expected, duplicates and out-of-order frames, daphne CPU during the run and RSS
per idle connection, and the load average when the run started. The fans are a minimal
asyncio WebSocket client (frames parsed by hand, daphne's pings answered) so that the client
costs as little as possible of the cores it shares; --client-procs splits them over several
processes so that one reader is not what is measured (one event to 5,000 fans is 5,000
frames to parse). The client processes run on uvloop when it is installed (requirements.txt),
to lower their cost per frame; the servers run daphne as shipped."""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
SEQ = re.compile(rb'^\{"channel":"[^"]*","match":(\d+),"seq":(\d+)')
DAPHNE = [sys.executable, "-m", "daphne", "-b", "127.0.0.1"]
CLK = os.sysconf("SC_CLK_TCK")


# Scorer (a separate process) ------------------------------------------------------------


def scorer(match_ids: list[int], events: int, rate: float) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livescore.settings.local")
    import django

    django.setup()
    from django.db import transaction

    from matches.models import Match

    # A web or worker process publishes on warm connections; so does the scorer.
    from scoring import services
    from scoring.realtime import broadcast

    broadcast.publish(match_id=0, frame={"match": 0, "seq": 0})
    committed: dict[str, float] = {}
    statuses = {m: Match.objects.get(pk=m).status for m in match_ids}
    start = time.monotonic()
    for n in range(events):
        match_id = match_ids[n % len(match_ids)]
        target = "break" if statuses[match_id] == "live" else "live"
        stamp: list[float] = []
        with transaction.atomic():
            # Registered first, so it runs right after COMMIT, before the broadcast.
            transaction.on_commit(lambda stamp=stamp: stamp.append(time.time()))
            recorded = services.match_transition(
                match_id=match_id, to_status=target, source="system"
            )
        statuses[match_id] = target
        committed[f"{match_id}:{recorded.event.seq}"] = stamp[0]
        delay = start + (n + 1) / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print(json.dumps(committed))


# Fans ----------------------------------------------------------------------------------


class Fan(asyncio.Protocol):
    def __init__(self, channel: str, ready: asyncio.Future) -> None:
        self.channel = channel
        self.ready = ready
        self.buffer = b""
        self.is_open = False
        self.frames: list[tuple[int, int, float]] = []
        self.snapshots = 0
        self.closed_code: int | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(
            (
                "GET /ws/ HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\n"
                f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )

    def data_received(self, data: bytes) -> None:
        now = time.time()
        self.buffer += data
        if not self.is_open:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if b" 101 " not in self.buffer[:end]:
                self.ready.set_exception(RuntimeError(self.buffer[:end].decode()))
                return
            self.buffer = self.buffer[end + 4 :]
            self.is_open = True
            self.send(1, json.dumps({"action": "subscribe", "channels": [self.channel]}).encode())
        buffer = self.buffer
        offset = 0
        while len(buffer) - offset >= 2:
            opcode = buffer[offset] & 0x0F
            length = buffer[offset + 1] & 0x7F
            head = 2
            if length == 126:
                if len(buffer) - offset < 4:
                    break
                length = int.from_bytes(buffer[offset + 2 : offset + 4], "big")
                head = 4
            elif length == 127:
                if len(buffer) - offset < 10:
                    break
                length = int.from_bytes(buffer[offset + 2 : offset + 10], "big")
                head = 10
            if len(buffer) - offset < head + length:
                break
            payload = buffer[offset + head : offset + head + length]
            offset += head + length
            if opcode == 1:
                found = SEQ.match(payload)
                if found:
                    self.frames.append((int(found.group(1)), int(found.group(2)), now))
                elif payload.startswith(b'{"type":"snapshot"'):
                    self.snapshots += 1
                    if not self.ready.done():
                        self.ready.set_result(None)
            elif opcode == 9:
                self.send(10, payload)
            elif opcode == 8:
                self.closed_code = int.from_bytes(payload[:2], "big") if payload else 1005
        self.buffer = buffer[offset:]

    def send(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        head = bytes([0x80 | opcode])
        if len(payload) < 126:
            head += bytes([0x80 | len(payload)])
        else:
            head += bytes([0x80 | 126]) + len(payload).to_bytes(2, "big")
        self.transport.write(head + mask + masked)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.ready.done():
            self.ready.set_exception(RuntimeError(f"connection lost: {exc}"))


async def connect_fans(
    ports: list[int], channels: list[str], count: int, offset: int = 0
) -> list[Fan]:
    """Ramp up 200 at a time; a connection reset by an overloaded accept queue is retried."""
    loop = asyncio.get_running_loop()
    fans: list[Fan] = []
    for batch_start in range(offset, offset + count, 200):
        pending = list(range(batch_start, min(offset + count, batch_start + 200)))
        for _attempt in range(5):
            attempts = []
            for n in pending:
                fan = Fan(channels[n % len(channels)], loop.create_future())
                port = ports[n % len(ports)]
                await loop.create_connection(lambda fan=fan: fan, "127.0.0.1", port)
                attempts.append((n, fan))
            await asyncio.wait([f.ready for _, f in attempts], timeout=60)
            fans.extend(f for _, f in attempts if f.ready.done() and not f.ready.exception())
            pending = [n for n, f in attempts if not f.ready.done() or f.ready.exception()]
            for n, fan in attempts:
                if n in pending:
                    fan.transport.close()  # a half-open retry must not linger as a fan
            if not pending:
                break
            await asyncio.sleep(1)
        if pending:
            raise RuntimeError(f"{len(pending)} fans could not connect")
    return fans


def fans_process(ports: list[int], channels: list[str], count: int, offset: int) -> None:
    """A load-client process: connects its share of the fans, says "ready", then on a line
    {"until": <epoch>, "expected": <frames>} from stdin reads until its fans have that
    many event frames or the time is up, and prints what each fan received."""

    async def run() -> None:
        # Fan n of the whole bench is fan n - offset here, so channels and ports spread
        # the same way whatever the number of client processes.
        fans = await connect_fans(ports, channels, count, offset)
        print(json.dumps({"ready": len(fans)}), flush=True)
        loop = asyncio.get_running_loop()
        line = await loop.run_in_executor(None, sys.stdin.readline)
        order = json.loads(line)
        while time.time() < order["until"]:
            if sum(len(f.frames) for f in fans) >= order["expected"]:
                break
            await asyncio.sleep(0.05)
        result = [{"channel": f.channel, "frames": f.frames, "closed": f.closed_code} for f in fans]
        for fan in fans:
            fan.transport.close()
        print(json.dumps({"fans": result}), flush=True)

    try:
        import uvloop  # the fans' own cost per frame is part of what is measured: keep it low
    except ImportError:
        uvloop = None
    if uvloop is None or os.environ.get("FANOUT_CLIENT_LOOP") == "asyncio":
        asyncio.run(run())
    else:
        uvloop.run(run())


# Server processes ----------------------------------------------------------------------


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_daphnes(mode: str, servers: int, prefix: str, log_dir: Path):
    env = {**os.environ, "REALTIME_FANOUT": mode, "CHANNEL_PREFIX": prefix, "DEBUG": "false"}
    env.pop("METRICS_TOKEN", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.setdefault("LOG_LEVEL", "INFO")
    processes, ports, logs = [], [], []
    for n in range(servers):
        port = spare_port()
        log = log_dir / f"daphne-{mode}-{n}.log"
        processes.append(
            subprocess.Popen(
                [*DAPHNE, "-p", str(port), "livescore.asgi:application"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log.open("w"),
            )
        )
        ports.append(port)
        logs.append(log)
    for port in ports:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    return processes, ports, logs


def fanout_counters(port: int) -> dict[str, float]:
    """The hub's counters as operators see them: daphne's own /metrics (Prometheus)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text = response.read().decode()
    found = re.findall(r"^livescore_fanout_(\w+)_total (\S+)$", text, re.MULTILINE)
    return {name: float(value) for name, value in found}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


# One run -------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run_one(args, mode: str, clients: int, match_ids: list[int]) -> dict:
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    processes, ports, logs = start_daphnes(mode, args.servers, prefix, Path(args.log_dir))
    readers: list[asyncio.subprocess.Process] = []
    try:
        await asyncio.sleep(1.0)
        pids = [p.pid for p in processes]
        rss_before = sum(rss_bytes(pid) for pid in pids)
        channels = [f"match:{m}" for m in match_ids]
        load = os.getloadavg()
        started = time.strftime("%Y-%m-%d %H:%M:%S")
        shares = [clients // args.client_procs] * args.client_procs
        shares[0] += clients - sum(shares)
        offsets = [sum(shares[:n]) for n in range(len(shares))]
        for share, offset in zip(shares, offsets, strict=True):
            reader = await asyncio.create_subprocess_exec(
                sys.executable,
                __file__,
                "fans",
                "--ports",
                *map(str, ports),
                "--channels",
                *channels,
                "--count",
                str(share),
                "--offset",
                str(offset),
                cwd=ROOT,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                limit=1 << 30,
            )
            readers.append(reader)
            # One at a time: the ramp, not a connect storm from every process at once.
            ready = json.loads(await reader.stdout.readline())
            if ready.get("ready") != share:
                raise RuntimeError(f"a client process connected {ready} of {share}")
        await asyncio.sleep(2.0)
        rss_idle = sum(rss_bytes(pid) for pid in pids)
        cpu_before = sum(cpu_seconds(pid) for pid in pids)
        wall_before = time.monotonic()
        scorer_process = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "scorer",
            "--match-ids",
            *map(str, match_ids),
            "--events",
            str(args.events),
            "--rate",
            str(args.rate),
            cwd=ROOT,
            env={**os.environ, "REALTIME_FANOUT": mode, "CHANNEL_PREFIX": prefix},
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await scorer_process.communicate()
        committed = {
            tuple(map(int, key.split(":"))): value for key, value in json.loads(out).items()
        }
        events_per_match = {m: sum(1 for k in committed if k[0] == m) for m in match_ids}
        until = time.time() + args.drain
        results = []
        for reader, share, offset in zip(readers, shares, offsets, strict=True):
            expected_here = sum(
                events_per_match[int(channels[n % len(channels)].split(":")[1])]
                for n in range(offset, offset + share)
            )
            order = json.dumps({"until": until, "expected": expected_here}) + "\n"
            reader.stdin.write(order.encode())
            await reader.stdin.drain()
        for reader in readers:
            results.extend(json.loads(await reader.stdout.readline())["fans"])
            await reader.wait()
        fans = [
            SimpleNamespace(
                channel=r["channel"],
                frames=[tuple(x) for x in r["frames"]],
                closed_code=r["closed"],
            )
            for r in results
        ]
        subscribers = {m: sum(1 for f in fans if f.channel == f"match:{m}") for m in match_ids}
        expected = sum(subscribers[m] for m, _ in committed)
        wall = time.monotonic() - wall_before
        cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
        latencies, duplicates, out_of_order, closed = [], 0, 0, 0
        first_by_event: dict[tuple[int, int], float] = {}
        for fan in fans:
            last: dict[int, int] = {}
            seen = set()
            for match_id, seq, received in fan.frames:
                key = (match_id, seq)
                if key in seen:
                    duplicates += 1
                    continue
                seen.add(key)
                previous = last.get(match_id)
                if previous is not None and seq != previous + 1:
                    out_of_order += 1
                last[match_id] = seq
                if key in committed:
                    latency = (received - committed[key]) * 1000
                    latencies.append(latency)
                    first_by_event[key] = min(latency, first_by_event.get(key, latency))
            closed += fan.closed_code is not None
        metrics = {}
        for port in ports:
            for name, value in fanout_counters(port).items():
                metrics[name] = metrics.get(name, 0) + value
        over_capacity = sum(
            "over capacity" in line for log in logs for line in log.read_text().splitlines()
        )
        return {
            "started": started,
            "load_avg_1_5_15": [round(x, 2) for x in load],
            "client_procs": args.client_procs,
            "mode": mode,
            "servers": args.servers,
            "clients": clients,
            "matches": len(match_ids),
            "events": len(committed),
            "rate": args.rate,
            "delivered": len(latencies),
            "expected": expected,
            "duplicates": duplicates,
            "out_of_order": out_of_order,
            "closed_by_server": closed,
            "p50_ms": round(percentile(latencies, 0.50), 1),
            "p95_ms": round(percentile(latencies, 0.95), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "max_ms": round(max(latencies), 1) if latencies else None,
            "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
            "first_fan_p50_ms": round(percentile(list(first_by_event.values()), 0.5), 1),
            "first_fan_max_ms": round(max(first_by_event.values(), default=0), 1),
            "server_cpu_pct": round(100 * cpu / wall, 1),
            "rss_per_idle_conn_kB": round((rss_idle - rss_before) / clients / 1024, 1),
            "server_counters": metrics,
            "layer_over_capacity_logs": over_capacity,
        }
    finally:
        for reader in readers:
            if reader.returncode is None:
                reader.kill()
                await reader.wait()
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def prepare_matches(count: int) -> list[int]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livescore.settings.local")
    import django

    django.setup()
    from django.utils import timezone

    from matches.models import Competition, Match, Team
    from scoring import services

    tag = uuid.uuid4().hex[:8]
    competition = Competition.objects.create(name=f"Bench {tag}", sport="football", season="b")
    ids = []
    for n in range(count):
        home = Team.objects.create(name=f"Bench {tag} home {n}", sport="football")
        away = Team.objects.create(name=f"Bench {tag} away {n}", sport="football")
        match = Match.objects.create(
            competition=competition, home_team=home, away_team=away, start_time=timezone.now()
        )
        services.match_transition(match_id=match.pk, to_status="live", source="system")
        ids.append(match.pk)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", nargs="?", default="bench", choices=["bench", "scorer", "fans"])
    parser.add_argument("--clients", type=int, nargs="+", default=[1000, 2000, 5000])
    parser.add_argument("--modes", nargs="+", default=["hub", "groups"])
    parser.add_argument("--matches", type=int, default=1)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--drain", type=float, default=30.0)
    parser.add_argument("--match-ids", type=int, nargs="*")
    parser.add_argument("--log-dir", default=tempfile.gettempdir())
    parser.add_argument("--client-procs", type=int, default=2)
    parser.add_argument("--ports", type=int, nargs="*")
    parser.add_argument("--channels", nargs="*")
    parser.add_argument("--count", type=int)
    parser.add_argument("--offset", type=int, default=0)
    args = parser.parse_args()
    if args.role == "scorer":
        scorer(args.match_ids, args.events, args.rate)
        return
    if args.role == "fans":
        fans_process(args.ports, args.channels, args.count, args.offset)
        return
    match_ids = prepare_matches(args.matches)
    for clients in args.clients:
        for mode in args.modes:
            result = asyncio.run(run_one(args, mode, clients, match_ids))
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
