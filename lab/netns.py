"""Thin helpers over iproute2 network namespaces.

Everything the lab builds lives inside namespaces it created: interfaces are created directly in
them (never in the host's namespace), so nothing here touches this machine's real network.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import subprocess
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


class LabError(RuntimeError):
    """The lab could not be built; the message says which step failed and why."""


def sh(argv: Sequence[str], *, check: bool = True, capture: bool = True) -> str:
    proc = subprocess.run(list(argv), capture_output=capture, text=True, check=False)
    if check and proc.returncode != 0:
        raise LabError(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc.stdout if capture else ""


def ip(namespace: str, *args: str) -> str:
    return sh(["ip", "-n", namespace, *args])


def exec_argv(namespace: str, argv: Sequence[str]) -> list[str]:
    """The argv that runs a program inside ``namespace``."""
    return ["ip", "netns", "exec", namespace, *argv]


def create(namespace: str) -> None:
    sh(["ip", "netns", "add", namespace])
    ip(namespace, "link", "set", "lo", "up")
    for key in ("all", "default"):
        sysctl(namespace, f"net.ipv6.conf.{key}.accept_dad", "0")
        sysctl(namespace, f"net.ipv6.conf.{key}.accept_ra", "0")
        sysctl(namespace, f"net.ipv6.conf.{key}.autoconf", "0")


def sysctl(namespace: str, key: str, value: str) -> None:
    sh(exec_argv(namespace, ["sysctl", "-q", "-w", f"{key}={value}"]))


def delete(namespace: str) -> None:
    for pid in sh(["ip", "netns", "pids", namespace], check=False).split():
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), 9)
    sh(["ip", "netns", "del", namespace], check=False)


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (from /proc); none when it has gone."""
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def existing() -> list[str]:
    return [line.split()[0] for line in sh(["ip", "netns", "list"]).splitlines() if line.strip()]


def run_in(namespace: str, function: Callable[[], T]) -> T:
    """Run ``function`` in a fresh thread that has entered ``namespace``.

    Threads (and event loops, and their executors) started from inside it stay in that
    namespace, so an in-process asyncio run sees exactly the network the namespace sees.
    """
    outcome: dict[str, object] = {}

    def enter_and_run() -> None:
        try:
            fd = os.open(f"/run/netns/{namespace}", os.O_RDONLY)
            try:
                if _libc.setns(fd, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), f"setns into {namespace} failed")
            finally:
                os.close(fd)
            outcome["value"] = function()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=enter_and_run, name=f"netns-{namespace}")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
