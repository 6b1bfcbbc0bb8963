"""Throughput and latency of hot API reads: the served path (Redis read cache, ETag) against
the plain DRF path (API_READ_CACHE=false), in one run, on one machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ls_api_bench \
    REDIS_URL=redis://127.0.0.1:6379/6 \
    .venv/bin/python -m bench.api.run [--seconds 10] [--clients 50]

It migrates and seeds the database named by DATABASE_URL (a scratch database: empty, or
seeded by an earlier run, which is reused), starts daphne for each path (--processes of
them sharing one listening socket, as behind a load balancer; the same settings otherwise)
and drives each endpoint with N keep-alive clients for S seconds. The load comes from wrk
(C; `apt-get install wrk`) when it is on the PATH, else from a small asyncio HTTP/1.1
client in this process (--client python), which takes a good part of the same two cores.
Prints a Markdown table: requests/s, p50 and p99 latency, and the statuses other than
200, for each endpoint and path, with the load average before and after.
"""

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORTS = {"served": 8781, "plain": 8782}
LIVE_MATCHES = 20
FINISHED_MATCHES = 180


def seed() -> dict[str, str]:
    """Live and finished football matches with goals; returns the endpoints to measure."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livescore.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from matches import services as fixtures
    from matches.models import Competition, Match
    from scoring import services
    from scoring.models import EventSource

    call_command("migrate", verbosity=0, interactive=False)
    league = Competition.objects.filter(name="Bench League", season="2026").first()
    if league is not None:  # seeded by an earlier run (the event log cannot be deleted)
        live = list(league.matches.filter(status="live").order_by("id")[:1])
        return _endpoints(league, live)
    if Match.objects.exists():
        raise SystemExit("DATABASE_URL must name a scratch database for the benchmark.")

    league = fixtures.competition_create(name="Bench League", sport="football", season="2026")
    teams = [fixtures.team_create(name=f"Bench {n}", sport="football") for n in range(40)]
    now = timezone.now()

    def match(home, away, start):
        squads = {
            side: [fixtures.player_create(name=f"{team.name} {n}", team=team) for n in range(11)]
            for side, team in (("home", home), ("away", away))
        }
        return fixtures.match_create(
            competition=league, home_team=home, away_team=away, start_time=start, squads=squads
        )

    def play(m, goals, finish):
        system = {"source": EventSource.SYSTEM}
        services.match_transition(match_id=m.pk, to_status="live", **system)
        services.event_record(
            match_id=m.pk, kind="period_start", payload={"period": "first_half"}, **system
        )
        scorers = list(m.squad.filter(side="home").values_list("player_id", flat=True))
        for n in range(goals):
            services.event_record(
                match_id=m.pk,
                kind="goal",
                payload={"side": "home", "scorer": scorers[n % 11]},
                **system,
            )
        if finish:
            services.match_transition(match_id=m.pk, to_status="finished", **system)

    live = []
    for n in range(LIVE_MATCHES):
        m = match(teams[2 * n], teams[2 * n + 1], now - timedelta(minutes=30))
        play(m, goals=n % 4, finish=False)
        live.append(m)
    for n in range(FINISHED_MATCHES):
        home, away = teams[n % 40], teams[(n * 7 + 1) % 40]
        if home == away:
            away = teams[(n + 1) % 40]
        play(match(home, away, now - timedelta(days=n + 1)), goals=n % 5, finish=True)
    return _endpoints(league, live)


def _endpoints(league, live) -> dict[str, str]:
    return {
        "matches/live/": "/api/v1/matches/live/",
        "match detail": f"/api/v1/matches/{live[0].pk}/",
        "competition leaders": f"/api/v1/competitions/{league.pk}/leaders/",
        # Issue 4's view, cached by its own selector whatever API_READ_CACHE says.
        "competition table": f"/api/v1/competitions/{league.pk}/table/",
    }


def start_servers(processes: int) -> list[subprocess.Popen]:
    started = []
    for path, port in PORTS.items():
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "livescore.settings.local",
            "API_READ_CACHE": "true" if path == "served" else "false",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            # Both paths pay the same throttle cost; the limits are set out of reach.
            "API_THROTTLE_ANONYMOUS": "100000000/m",
            "API_THROTTLE_USER": "100000000/m",
        }
        for _ in range(processes):
            # A listening socket of its own per process on the same port (SO_REUSEPORT): the
            # kernel spreads new connections over them by address hash. With one shared
            # socket whichever process woke first took them all (50/0 splits were seen).
            listener = socket.create_server(("127.0.0.1", port), backlog=1024, reuse_port=True)
            started.append(
                subprocess.Popen(
                    [
                        *(sys.executable, "-m", "livescore.serve"),
                        *("--fd", str(listener.fileno()), "livescore.asgi:application"),
                    ],
                    cwd=ROOT,
                    env=env,
                    pass_fds=[listener.fileno()],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            listener.close()  # the server holds it now
    return started


async def _get(reader, writer, request: bytes) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


async def wait_ready(port: int, path: str, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
            if await _get(reader, writer, request) == 200:
                writer.close()
                return
        except (OSError, asyncio.IncompleteReadError, ValueError):
            await asyncio.sleep(0.5)
    raise RuntimeError(f"server on {port} never answered {path}")


async def load(port: int, path: str, *, clients: int, seconds: float) -> dict[str, float]:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n".encode()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    stop_at = time.monotonic() + seconds

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            status = await _get(reader, writer, request)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                statuses[status] = statuses.get(status, 0) + 1
        writer.close()

    started = time.monotonic()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "requests": len(latencies),
        "errors": ", ".join(f"{n}x{code}" for code, n in sorted(statuses.items())) or "0",
    }


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_load(port: int, path: str, *, clients: int, seconds: float) -> dict[str, float]:
    """The same measurement from wrk: one thread, N connections, a latency histogram."""
    output = subprocess.run(
        [
            *("wrk", "-t1", f"-c{clients}", f"-d{round(seconds)}s", "--latency"),
            *("-H", "Accept: application/json", f"http://127.0.0.1:{port}{path}"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * _UNITS[unit]

    non_200 = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": ", ".join(
            part
            for part in (
                f"{non_200.group(1)} non-2xx" if non_200 else "",
                f"socket errors: {errors.group(1)}" if errors else "",
            )
            if part
        )
        or "0",
    }


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


async def settle(pids: list[int], *, within: float = 60) -> None:
    """Wait until the servers are idle. After a run the plain path is still working off
    the requests wrk gave up on (its timeouts); that backlog would take the CPU of the
    next measurement."""
    deadline = time.monotonic() + within
    before = _cpu_seconds(pids)
    while time.monotonic() < deadline:
        await asyncio.sleep(1)
        after = _cpu_seconds(pids)
        if after - before < 0.05:  # under 5 % of a core, all servers together
            return
        before = after


async def measure(
    endpoints: dict[str, str], *, clients: int, seconds: float, client: str, pids: list[int]
) -> list[tuple]:
    for port in PORTS.values():
        await wait_ready(port, "/api/v1/matches/live/")
    rows = []
    for name, path in endpoints.items():
        results = {}
        for label, port in PORTS.items():
            await settle(pids)
            if client == "wrk":
                wrk_load(port, path, clients=clients, seconds=2)  # warm-up
                results[label] = wrk_load(port, path, clients=clients, seconds=seconds)
            else:
                await load(port, path, clients=clients, seconds=2)  # warm-up
                results[label] = await load(port, path, clients=clients, seconds=seconds)
        rows.append((name, results))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--processes", type=int, default=1, help="daphne processes per path")
    parser.add_argument(
        "--client", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python"
    )
    args = parser.parse_args()
    endpoints = seed()
    before = os.getloadavg()
    servers = start_servers(args.processes)
    try:
        rows = asyncio.run(
            measure(
                endpoints,
                clients=args.clients,
                seconds=args.seconds,
                client=args.client,
                pids=[server.pid for server in servers],
            )
        )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    print(
        f"\n{args.clients} clients ({args.client}), {args.seconds:.0f} s per endpoint and path, "
        f"{args.processes} daphne process(es) per path"
    )
    print(f"load average before: {before}, after: {os.getloadavg()}\n")
    print("| endpoint | path | requests/s | p50 ms | p99 ms | non-200 | served/plain |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, results in rows:
        ratio = results["served"]["rps"] / results["plain"]["rps"]
        for label in PORTS:
            r = results[label]
            print(
                f"| {name} | {label} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                f"{r['errors']} | {f'{ratio:.1f}x' if label == 'served' else ''} |"
            )


if __name__ == "__main__":
    main()
