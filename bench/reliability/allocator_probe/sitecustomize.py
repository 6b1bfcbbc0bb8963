"""Allocator probe for the soak's daphnes (a diagnostic, not part of the service).

Put this folder on PYTHONPATH and set ALLOCATOR_PROBE_DIR; every daphne started then
appends, once a minute, a JSON line to <dir>/<pid>.jsonl: its RSS, what glibc's malloc
holds (in use and free, livescore/malloc_stats.py) and pymalloc's arenas (from
sys._debugmallocstats(), which writes to the C stderr, so fd 2 is pointed at a file
for the call). It told that daphne's RSS growth was glibc's free bytes and not Python's
arenas (docs/benchmarks.md, "The scrape that grew the heap"):

    ALLOCATOR_PROBE_DIR=/tmp/probe PYTHONPATH=bench/reliability/allocator_probe \\
        .venv/bin/python -m bench.reliability.soak --minutes 15
"""

import os
import sys

if os.environ.get("ALLOCATOR_PROBE_DIR") and "livescore.asgi:application" in sys.argv:
    import json
    import re
    import tempfile
    import threading
    import time

    _PYMALLOC = {
        "arenas": r"# arenas allocated current\s*=\s*([\d,]+)",
        "allocated_bytes": r"# bytes in allocated blocks\s*=\s*([\d,]+)",
        "available_bytes": r"# bytes in available blocks\s*=\s*([\d,]+)",
    }

    def _pymalloc() -> dict[str, int]:
        saved = os.dup(2)
        with tempfile.TemporaryFile() as out:
            os.dup2(out.fileno(), 2)
            try:
                sys._debugmallocstats()
            finally:
                os.dup2(saved, 2)
                os.close(saved)
            out.seek(0)
            text = out.read().decode()
        return {
            name: int(match.group(1).replace(",", ""))
            for name, pattern in _PYMALLOC.items()
            if (match := re.search(pattern, text))
        }

    def _probe() -> None:
        path = os.path.join(os.environ["ALLOCATOR_PROBE_DIR"], f"{os.getpid()}.jsonl")
        started = time.monotonic()
        while True:
            time.sleep(60)
            # The daphne's folder is on sys.path once it runs.
            from bench.reliability.cluster import process_status
            from livescore.malloc_stats import malloc_totals

            glibc = malloc_totals()
            sample = {
                "t_s": round(time.monotonic() - started),
                **process_status(os.getpid()),
                "glibc_in_use_kib": glibc.in_use_bytes // 1024,
                "glibc_free_kib": glibc.free_bytes // 1024,
                "pymalloc": _pymalloc(),
            }
            with open(path, "a") as out:
                out.write(json.dumps(sample) + "\n")

    threading.Thread(target=_probe, daemon=True, name="allocator-probe").start()
