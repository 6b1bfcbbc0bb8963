"""livescore.serve: the loop daphne's reactor runs on is the one LIVESCORE_EVENT_LOOP names.
Each case runs in a fresh interpreter, as the server does: daphne picks its loop on import."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REACTOR_LOOP = (
    "from livescore.serve import use_event_loop; use_event_loop(); "
    "import daphne.server; print(type(daphne.server.twisted_loop).__module__)"
)


def _run(choice: str | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "LIVESCORE_EVENT_LOOP"}
    if choice is not None:
        env["LIVESCORE_EVENT_LOOP"] = choice
    return subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", REACTOR_LOOP],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("choice", "module"),
    [(None, "uvloop"), ("uvloop", "uvloop"), ("asyncio", "asyncio.unix_events")],
)
def test_daphnes_reactor_runs_on_the_chosen_loop(choice, module):
    result = _run(choice)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == module


def test_an_unknown_loop_is_refused_with_one_clear_line():
    result = _run("uvlop")
    assert result.returncode != 0
    assert result.stderr.strip() == "LIVESCORE_EVENT_LOOP must be uvloop or asyncio, not 'uvlop'"
