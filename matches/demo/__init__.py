"""Demo fixtures shipped with the code (see README.md here for sources and licences)."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
LIVE_CRICKET_FILE = DEMO_DIR / "1031433.json"
FINISHED_CRICKET_FILE = DEMO_DIR / "1082625.json"
FOOTBALL_SEASON_FILE = DEMO_DIR / "2019-20_en.1.json"
