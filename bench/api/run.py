"""Throughput and latency of hot API reads: the served path (Redis read cache, ETag) against
the plain DRF path (API_READ_CACHE=false), in one run, on one machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ls_api_bench \
    REDIS_URL=redis://127.0.0.1:6379/6 \
    .venv/bin/python -m bench.api.run [--seconds 10] [--clients 50]

It migrates and seeds the database named by DATABASE_URL (a scratch database: empty, or
seeded by an earlier run, which is reused), starts two daphne processes on 127.0.0.1, one
per path and the same settings otherwise, and drives each endpoint with N keep-alive
clients for S seconds from a small asyncio HTTP/1.1 client (in this process, on the same
cores). Prints a Markdown table: requests/s, p50 and p99 latency, and the statuses other
than 200, for each endpoint and path, with the load average before and after.
"""

import argparse
import asyncio
import os
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


def start_servers() -> list[subprocess.Popen]:
    processes = []
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
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "daphne",
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "livescore.asgi:application",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    return processes


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


async def measure(endpoints: dict[str, str], *, clients: int, seconds: float) -> list[tuple]:
    for port in PORTS.values():
        await wait_ready(port, "/api/v1/matches/live/")
    rows = []
    for name, path in endpoints.items():
        results = {}
        for label, port in PORTS.items():
            await load(port, path, clients=clients, seconds=2)  # warm-up
            results[label] = await load(port, path, clients=clients, seconds=seconds)
        rows.append((name, results))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    endpoints = seed()
    before = os.getloadavg()
    servers = start_servers()
    try:
        rows = asyncio.run(measure(endpoints, clients=args.clients, seconds=args.seconds))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
    print(f"\n{args.clients} clients, {args.seconds:.0f} s per endpoint and path")
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
