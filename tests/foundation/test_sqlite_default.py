"""The embedded default (SQLite, `make run`) never loses a write to "database is locked":
the demo replay and a scorer write at the same time (issue 18)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Two writers, each reading then writing in one transaction, as the scoring service does
# (read the scoreboard, append the event); a third thread reads all the time, as pages do.
SCRIPT = """
import threading
import django
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS ball (id INTEGER PRIMARY KEY, writer TEXT)")
    cursor.execute("PRAGMA journal_mode")
    print("journal", cursor.fetchone()[0])
errors = []

def write(name):
    try:
        for _ in range(150):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM ball")
                    cursor.fetchone()
                    cursor.execute("INSERT INTO ball (writer) VALUES (%s)", [name])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()

def read():
    try:
        for _ in range(300):
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM ball")
                cursor.fetchone()
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()

threads = [threading.Thread(target=write, args=(n,)) for n in ("demo", "scorer")]
threads.append(threading.Thread(target=read))
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM ball")
    print("balls", cursor.fetchone()[0])
print("errors", len(errors), errors[:1])
"""


def test_two_writers_and_a_reader_on_the_embedded_sqlite_lose_nothing(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "livescore.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert lines["journal"] == "wal"
    assert lines["errors"].startswith("0 "), lines["errors"]
    assert lines["balls"] == "300"
