"""Replay every shared Cricsheet match through the cricket engine and report deliveries/s.

Two paths: the engine alone (one state per match), and the service's real path, where the
projection is loaded from JSON, one event applied and the state dumped back as JSON.
Run: python bench/cricket_engine.py [shared-data-dir]
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.formats import cricsheet
from scoring.rules.cricket import engine


def data_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    repo = Path(__file__).resolve().parents[1]
    candidates = [repo.parent / "shared" / "data", repo.parent.parent / "shared" / "data"]
    if os.environ.get("LIVESCORE_SHARED_DATA"):
        candidates.insert(0, Path(os.environ["LIVESCORE_SHARED_DATA"]))
    return next(path for path in candidates if (path / "cricket").is_dir())


def main() -> None:
    matches = []
    for path in sorted((data_dir() / "cricket").glob("*.json")):
        setup, events = cricsheet.convert(json.loads(path.read_text()))
        matches.append((cricsheet.match_setup(setup), events))
    deliveries = sum(kind == "delivery" for _s, events in matches for kind, _p in events)
    total_events = sum(len(events) for _s, events in matches)

    started = time.perf_counter()
    for setup, events in matches:
        state = engine.new_state(setup)
        for kind, payload in events:
            engine.apply(state, kind=kind, payload=payload)
    in_memory = time.perf_counter() - started

    started = time.perf_counter()
    for setup, events in matches:
        stored = json.dumps(engine.dump(engine.new_state(setup)))
        for kind, payload in events:
            state = engine.load(json.loads(stored))
            engine.apply(state, kind=kind, payload=payload)
            stored = json.dumps(engine.dump(state))
    round_trip = time.perf_counter() - started

    largest = max(len(json.dumps(engine.dump(_final(setup, events)))) for setup, events in matches)
    print(f"{len(matches)} matches, {deliveries} deliveries, {total_events} events")
    print(f"engine only:               {deliveries / in_memory:10.0f} deliveries/s")
    print(f"load+apply+dump (as JSON): {deliveries / round_trip:10.0f} deliveries/s")
    print(f"largest stored state:      {largest} bytes of JSON")


def _final(setup, events):
    state = engine.new_state(setup)
    for kind, payload in events:
        engine.apply(state, kind=kind, payload=payload)
    return state


if __name__ == "__main__":
    main()
