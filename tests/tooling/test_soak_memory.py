"""The soak's memory report (bench/reliability/soak.py): per-process heap gauges read from
/metrics, and growth after warm-up as a least-squares slope."""

import math

from bench.reliability.soak import heap_measures, memory_growth, slope_per_minute

EXPOSITION = """# TYPE livescore_process_heap_blocks gauge
livescore_process_heap_blocks{pid="101"} 548858.0
livescore_process_heap_blocks{pid="1010"} 9.0
# TYPE livescore_process_malloc_free_bytes gauge
livescore_process_malloc_free_bytes{pid="1010"} 7.0
livescore_process_malloc_free_bytes{pid="101"} 134064.0
livescore_websocket_connections 3.0
"""


def test_heap_measures_are_those_of_the_asked_pid_only():
    assert heap_measures(EXPOSITION, pid=101) == {
        "heap_blocks": 548858.0,
        "malloc_free_bytes": 134064.0,
    }
    assert heap_measures(EXPOSITION, pid=7) == {}


def test_slope_is_per_minute_and_ignores_a_single_point():
    assert slope_per_minute([(0, 100.0), (60, 110.0), (120, 120.0)]) == 10.0
    assert slope_per_minute([(0, 5.0), (60, 5.0), (120, 5.0)]) == 0.0
    assert math.isnan(slope_per_minute([(0, 1.0)]))


def test_growth_counts_from_the_first_sample_after_warmup():
    samples = [
        {"t_s": t, "daphnes": {"8001": {"rss_kib": rss, "heap_blocks": blocks}}}
        for t, rss, blocks in [(0, 50, 10), (60, 100, 20), (120, 100, 20), (180, 110, 20)]
    ]

    growth = memory_growth(samples, warmup_s=60)

    assert growth["8001"]["rss_kib"] == {
        "at_warmup": 100,
        "at_end": 110,
        "growth": 10,
        "growth_pct": 10.0,
        "slope_per_minute": 5.0,
        "samples": 3,
    }
    assert growth["8001"]["heap_blocks"]["growth"] == 0
    assert growth["8001"]["heap_blocks"]["slope_per_minute"] == 0.0
    assert "malloc_free_bytes" not in growth["8001"]
