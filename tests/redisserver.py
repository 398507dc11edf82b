"""A real Redis server for the distributed mode's tests, from Debian's binary, in a temp dir.

It listens only on a Unix socket in its own directory (no TCP port: nothing leaves the machine,
and lab namespaces reach it through the file system), keeps nothing on disk, and is stopped
afterwards. Anything missing or failing raises: these tests fail, never skip.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis


@contextmanager
def redis_server() -> Iterator[str]:
    """Yield the broker URL of a fresh server; stop it and delete its directory after."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed: run scripts/setup (Debian redis-server)")
    home = Path(tempfile.mkdtemp(prefix="v6audit-redis-"))
    socket = home / "redis.sock"
    argv = [binary, "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700",
            "--save", "", "--appendonly", "no", "--dir", str(home)]  # fmt: skip
    log = (home / "redis.log").open("w")
    server = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(server, socket, home / "redis.log")
        yield f"redis+socket://{socket}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def _wait_until_ready(server: subprocess.Popen[bytes], socket: Path, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"redis-server exited: {log.read_text()}")
        if socket.exists():
            try:
                if redis.Redis(unix_socket_path=str(socket)).ping():
                    return
            except redis.ConnectionError:
                pass
        time.sleep(0.05)
    raise RuntimeError(f"redis-server did not answer within 15 s: {log.read_text()}")
