"""A real PostgreSQL server for the store tests, started from Debian's binaries in a temp dir.

It runs as the ``postgres`` OS user (the server refuses root), listens only on a Unix socket in
its own directory, and is torn down with its data afterwards. Anything missing raises: the
PostgreSQL tests must fail, never skip, when they cannot run.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

USER = "postgres"


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run scripts/setup (Debian postgresql)")
    return Path(found[-1]).parent


def _as_postgres(argv: list[str]) -> None:
    command = argv if os.geteuid() != 0 else ["runuser", "-u", USER, "--", *argv]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {result.stderr.strip() or result.stdout}")


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the base URL (no database name) of a fresh server; stop and delete it after."""
    binaries = _binaries()
    home = Path(tempfile.mkdtemp(prefix="v6audit-pg-"))
    data, sockets = home / "data", home / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        account = pwd.getpwnam(USER)
        for path in (home, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)
    port = "5432"  # only a Unix socket in our own directory: no TCP port to collide with
    try:
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", USER, "-A", "trust",
                      "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync"])  # fmt: skip
        options = f"-k {sockets} -c listen_addresses='' -p {port} -c fsync=off"
        _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                      "-l", str(home / "server.log"), "-w", "-t", "60", "start"])  # fmt: skip
        try:
            yield f"postgresql+psycopg://{USER}@/?host={sockets}&port={port}"
        finally:
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
    finally:
        shutil.rmtree(home, ignore_errors=True)
