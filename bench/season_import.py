"""Import a 380-match season through the full path (command → scoring service → PostgreSQL),
then the same file again (idempotent: nothing written), and read the table back.

Run against a scratch database (it creates a new competition each run):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ls_bench python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ls_bench python bench/season_import.py
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livescore.settings.local")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from matches.demo import FOOTBALL_SEASON_FILE  # noqa: E402
from scoring.formats.openfootball import load_season  # noqa: E402
from scoring.imports.season import openfootball_season_import  # noqa: E402
from scoring.models import MatchEvent  # noqa: E402
from scoring.selectors import standings_table_forget, standings_table_get  # noqa: E402


def measured(label: str, work):
    statements: Counter[str] = Counter()

    def count(execute, sql, params, many, context):
        statements[sql.split(None, 1)[0]] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started, cpu = time.perf_counter(), time.process_time()
        result = work()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"  {label:<34} wall {wall * 1000:8.1f} ms   cpu {cpu * 1000:8.1f} ms   "
        f"{sum(statements.values()):5d} SQL statements"
    )
    return result


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: set DATABASE_URL.")
    season = load_season(FOOTBALL_SEASON_FILE)
    name = f"Bench {uuid.uuid4().hex[:8]}"
    python = sys.version.split()[0]
    print(f"{FOOTBALL_SEASON_FILE.name}: {len(season.fixtures)} matches (Python {python})")
    first = measured(
        "import (live, result, finished)",
        lambda: openfootball_season_import(season=season, competition_name=name),
    )
    events = MatchEvent.objects.filter(match__competition=first.competition).count()
    measured(
        "re-import (idempotent)",
        lambda: openfootball_season_import(season=season, competition_name=name),
    )
    assert MatchEvent.objects.filter(match__competition=first.competition).count() == events
    standings_table_forget(competition_id=first.competition.pk)
    rows = measured(
        "table from the database (no cache)",
        lambda: standings_table_get(competition=first.competition).rows,
    )
    measured("table again (cached)", lambda: standings_table_get(competition=first.competition))
    print(f"  {events} log entries; top: {rows[0]['team']['name']} {rows[0]['points']} pts")
    cache.clear()


if __name__ == "__main__":
    main()
