"""Import every shared Cricsheet match through the full path into the configured database
(import_cricsheet's service: engine check, fixtures, event_record per event in one batch)
and report events/s. Uses a throwaway database: pass one you can drop.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/ls_bench python bench/cricket_import.py
     [shared-data-dir] [--unbatched] [--limit=N]
--unbatched records each event in its own service call without services.match_batch (the
live scoring path: lock, load, apply, dump, save and broadcast per event), for comparison.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livescore.settings.local")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from matches.models import Match  # noqa: E402
from scoring import services  # noqa: E402
from scoring.imports.cricsheet import cricsheet_match_import  # noqa: E402
from scoring.models import MatchEvent  # noqa: E402


def data_dir() -> Path:
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    if args:
        return Path(args[0])
    repo = Path(__file__).resolve().parents[1]
    candidates = [repo.parent / "shared" / "data", repo.parent.parent / "shared" / "data"]
    if os.environ.get("LIVESCORE_SHARED_DATA"):
        candidates.insert(0, Path(os.environ["LIVESCORE_SHARED_DATA"]))
    return next(path for path in candidates if (path / "cricket").is_dir())


class _NoBatch:
    def __init__(self, **kwargs):
        pass

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def main() -> None:
    if "ls_bench" not in str(connection.settings_dict.get("NAME")):
        sys.exit("point DATABASE_URL at a throwaway database named ls_bench*")
    call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)
    if "--unbatched" in sys.argv:
        services.match_batch = _NoBatch  # the live path, event by event
    files = sorted((data_dir() / "cricket").glob("*.json"))
    limits = [int(arg.split("=", 1)[1]) for arg in sys.argv if arg.startswith("--limit=")]
    if limits:
        files = files[: limits[0]]
    documents = [(path.stem, json.loads(path.read_text())) for path in files]
    started = time.perf_counter()
    for key, document in documents:
        cricsheet_match_import(document=document, match_key=key)
    elapsed = time.perf_counter() - started
    events = MatchEvent.objects.count()
    deliveries = MatchEvent.objects.filter(kind="delivery").count()
    print(f"{Match.objects.count()} matches, {events} log entries ({deliveries} deliveries)")
    print(f"full import path: {elapsed:.1f} s, {events / elapsed:.0f} events/s")


if __name__ == "__main__":
    main()
