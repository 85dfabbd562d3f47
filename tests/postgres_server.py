"""Starts a throwaway PostgreSQL server for a test session (Debian's postgresql package, run by `make test`).

The server lives in a temporary folder, listens on 127.0.0.1 on a free port with trust authentication, and is
stopped and removed afterwards. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
`postgres_control` also lets a test stop the server and start it again on the same port (the fault tests).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

START_TIMEOUT = 60


def find_bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@dataclass
class PostgresServer:
    bin_dir: Path
    root: Path
    port: int
    database: str

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(_as_server_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.root / "data"), *args]),
                              capture_output=True)

    def start(self) -> None:
        result = self._pg_ctl("-l", str(self.root / "server.log"), "-w", "-t", str(START_TIMEOUT), "-o",
                              f"-h 127.0.0.1 -p {self.port} -k {self.root} -F", "start")
        if result.returncode != 0:
            raise RuntimeError(self.log())
        deadline = time.monotonic() + START_TIMEOUT
        while subprocess.run([str(self.bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                             capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise TimeoutError(self.log())
            time.sleep(0.2)

    def stop(self, mode: str = "fast") -> None:
        """`fast` ends every connection at once, like a database restart; `immediate` is a crash."""
        self._pg_ctl("-m", mode, "-w", "stop")

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""


@contextmanager
def postgres_control(database: str = "opvang_test") -> Iterator[PostgresServer]:
    """Yields a running server with a fresh database; removed afterwards."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server binaries not found (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="pgtest-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
    server = PostgresServer(bin_dir, root, _free_port(), database)
    try:
        subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(root / "data"), "-A", "trust", "-U",
                                        "postgres", "--no-sync"]), check=True, capture_output=True)
        server.start()
        subprocess.run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres",
                        database], check=True, capture_output=True)
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def postgres_server(database: str = "opvang_test") -> Iterator[str]:
    """Yields an SQLAlchemy URL of a fresh database on a fresh server."""
    with postgres_control(database) as server:
        yield server.url
