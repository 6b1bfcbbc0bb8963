"""Events/s through the crawl path on a busy matchday: N live matches in one feed.

A local HTTP server plays a football-data.org v4 competition list; each round the crawl
fetches it, parses it, syncs every match in its own transaction through the scoring
service (idempotency keys, projection update, on_commit broadcast to the Redis channel
layer when REDIS_URL is set). Round 0 kicks every match off (status + period_start),
each later round gives every match one more goal, and a final round re-crawls the same
body (nothing to write: the cost of idempotency).

Run (PostgreSQL and Redis as for the tests; the bench only adds rows):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ls_feeds REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/crawl_matchday.py [matches] [goal_rounds]
"""

from __future__ import annotations

import json
import os
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livescore.settings.local")

import django

django.setup()

from matches import crawl_services  # noqa: E402
from matches.feeds.fetch import Fetcher  # noqa: E402
from matches.models import CrawlStatus  # noqa: E402

BODY: dict[str, bytes] = {}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = BODY["list"]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def matchday(base_id: int, count: int, goals: int) -> bytes:
    matches = []
    for index in range(count):
        home_goals = (goals + 1) // 2 if index % 2 == 0 else goals // 2
        matches.append(
            {
                "competition": {"id": 9000, "name": "Bench League", "code": "BL"},
                "season": {"startDate": "2024-08-01", "endDate": "2025-05-31"},
                "id": base_id + index,
                "utcDate": "2024-09-14T14:00:00Z",
                "status": "IN_PLAY",
                "matchday": 1,
                "stage": "REGULAR_SEASON",
                "homeTeam": {"id": base_id + 2 * index, "name": f"Home {base_id + index}"},
                "awayTeam": {"id": base_id + 2 * index + 1, "name": f"Away {base_id + index}"},
                "score": {"fullTime": {"home": home_goals, "away": goals - home_goals}},
                "minute": min(89, 5 + goals * 8),
            }
        )
    return json.dumps({"matches": matches}).encode()


def crawl_round(url: str, fetcher: Fetcher) -> tuple[float, int, int]:
    job = crawl_services.crawl_job_create(
        source="football_data", config={"api_token": "bench", "competition": "BL", "base_url": url}
    )
    started = time.perf_counter()
    job = crawl_services.crawl_job_run(job_id=job.pk, fetcher=fetcher)
    elapsed = time.perf_counter() - started
    if job.status != CrawlStatus.SUCCESS or job.items_failed:
        raise SystemExit(f"crawl job {job.pk} {job.status}: {job.error}")
    return elapsed, job.events_written, job.items_crawled


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    base_id = random.randrange(10**8, 10**9)  # new matches every run: the log is append-only
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v4"
    print(f"{count} live matches, kick-off round + {rounds} goal rounds + 1 unchanged round")
    total_events = 0
    total_time = 0.0
    with Fetcher() as fetcher:
        for goals in range(rounds + 1):
            BODY["list"] = matchday(base_id, count, goals)
            elapsed, events, crawled = crawl_round(url, fetcher)
            total_events += events
            total_time += elapsed
            label = "kick-off" if goals == 0 else f"goal round {goals}"
            print(
                f"  {label:<13} {crawled} matches, {events:>5} events in {elapsed:6.2f}s "
                f"= {events / elapsed:7.1f} events/s"
            )
        elapsed, events, crawled = crawl_round(url, fetcher)
        print(
            f"  {'unchanged':<13} {crawled} matches, {events:>5} events in {elapsed:6.2f}s "
            f"= {crawled / elapsed:7.1f} matches/s checked"
        )
    server.shutdown()
    print(f"total: {total_events} events in {total_time:.2f}s = {total_events / total_time:.1f}/s")


if __name__ == "__main__":
    main()
