"""A throw-away deployment on spare ports: its own PostgreSQL cluster (initdb in a temp
folder, run as the postgres user), its own Redis, two daphne processes and a Celery worker
with beat. The machine's shared PostgreSQL and Redis are never touched.

Used by bench/reliability/soak.py (load, soak and the fault drills)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PYTHON = sys.executable


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_port(port: int, seconds: float = 30, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for port {port} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def process_status(pid: int) -> dict[str, int]:
    """RSS, its anonymous part (the heaps and thread stacks, not mapped files) in KiB, and
    the number of threads, from /proc/<pid>/status."""
    names = {"VmRSS:": "rss_kib", "RssAnon:": "rss_anon_kib", "Threads:": "threads"}
    status = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition("\t")
        if name in names:
            status[names[name]] = int(value.split()[0])
    return status


class Cluster:
    def __init__(self, daphnes: int = 2) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="livescore-drill-"))
        self.pg_port = spare_port()
        self.redis_port = spare_port()
        self.daphne_ports = [spare_port() for _ in range(daphnes)]
        self.daphnes: dict[int, subprocess.Popen] = {}
        self.redis: subprocess.Popen | None = None
        self.celery: subprocess.Popen | None = None
        self.logs = self.dir / "logs"
        self.logs.mkdir()
        self.metrics_dir = self.dir / "prometheus"
        self.metrics_dir.mkdir()

    # --- environment -----------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="livescore.settings.local",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.pg_port}/livescore",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            DEBUG="false",
            SECRET_KEY="drill-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
            ALLOWED_HOSTS="127.0.0.1,localhost",
            API_THROTTLE_ANONYMOUS="1000000/m",
            API_THROTTLE_USER="1000000/m",
            API_THROTTLE_TOKEN="1000000/m",  # noqa: S106 - a rate, not a secret
            LOG_LEVEL="WARNING",
            OUTBOX_DRAIN_SECONDS="2",
            PROMETHEUS_MULTIPROC_DIR=str(self.metrics_dir),
        )
        return env

    # --- PostgreSQL ------------------------------------------------------------------------
    def _as_postgres(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = list(args)
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def postgres_init(self) -> None:
        data = self.dir / "pgdata"
        data.mkdir()
        shutil.chown(self.dir, "postgres")
        shutil.chown(data, "postgres")
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
        self.postgres_start()
        subprocess.run(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg_port),
                "-U",
                "postgres",
                "livescore",
            ],
            check=True,
        )

    def postgres_start(self) -> None:
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.dir / "pgdata"),
            "-w",
            "-l",
            str(self.dir / "pg.log"),
            "-o",
            f"-p {self.pg_port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c max_connections=300 -c fsync=on",
            "start",
        )

    def postgres_stop(self, mode: str = "immediate") -> None:
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.dir / "pgdata"),
            "-m",
            mode,
            "-w",
            "stop",
            check=False,
        )

    # --- Redis -----------------------------------------------------------------------------
    def redis_start(self) -> None:
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.redis_port, process=self.redis)

    def redis_stop(self) -> None:
        if self.redis is not None:
            self.redis.kill()
            self.redis.wait()
            self.redis = None

    # --- Django processes ------------------------------------------------------------------
    def manage(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)}: {result.stderr[-2000:]}")
        return result.stdout

    def daphne_start(self, port: int) -> None:
        log = open(self.logs / f"daphne-{port}.log", "ab")
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "livescore.serve",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "livescore.asgi:application",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=log,
        )
        self.daphnes[port] = process
        wait_port(port, process=process)

    def daphne_kill(self, port: int) -> None:
        process = self.daphnes.pop(port)
        process.send_signal(signal.SIGKILL)
        process.wait()

    def celery_start(self) -> None:
        log = open(self.logs / "celery.log", "ab")
        self.celery = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "livescore",
                "worker",
                "-B",
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
                "-s",
                str(self.dir / "beat-schedule"),
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=log,
        )

    def start(self) -> None:
        self.postgres_init()
        self.redis_start()
        self.manage("migrate", "--noinput", "-v", "0")
        for port in self.daphne_ports:
            self.daphne_start(port)
        self.celery_start()

    def stop(self) -> None:
        for port in list(self.daphnes):
            self.daphnes[port].terminate()
            self.daphnes.pop(port).wait(timeout=20)
        if self.celery is not None:
            self.celery.terminate()
            self.celery.wait(timeout=30)
        self.redis_stop()
        self.postgres_stop("fast")
        shutil.rmtree(self.dir, ignore_errors=True)
