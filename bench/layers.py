"""Where the CPU goes, per layer: the self time of a cProfile run summed by the code it ran in.

``python -m bench --cprofile FILE`` profiles the auditor into FILE and the baseline into
FILE.baseline; this module turns the two into one table (HTTP stack, asyncio, DNS, TLS, the
project's own code, ...), so a change can be judged by the layer it was meant to lighten. Times
are cProfile's, which adds a little to every Python call: compare the layers of two runs, never
a layer with the wall-clock figures.
"""

from __future__ import annotations

import pstats
from collections import Counter
from pathlib import Path

IDLE = "idle (waiting in epoll)"
HTTP_PACKAGES = frozenset({"httpx", "httpcore", "h11", "anyio", "sniffio", "certifi", "idna"})
EVENT_LOOP_MODULES = ("asyncio", "selectors", "contextlib")
BUSY = "busy (all but idle)"


def layer_of(filename: str, function: str) -> str:
    """The layer a profiled function belongs to, from its file (or, for a C function, its
    name)."""
    if "epoll" in function and "poll" in function:
        return IDLE
    if "site-packages/" in filename:
        package = filename.split("site-packages/", 1)[1].split("/", 1)[0]
        if package in HTTP_PACKAGES:
            return "HTTP (httpx, httpcore, h11, anyio)"
        if package == "dns":
            return "DNS (dnspython)"
        if package.startswith("pydantic"):
            return "pydantic"
        if package == "sqlalchemy":
            return "history store (SQLAlchemy)"
        return "other libraries"
    if "/v6audit/" in filename or "/bench/" in filename:
        return "own code (v6audit / the baseline script)"
    if filename == "~":  # a built-in, named like "<method 'connect' of '_socket.socket' objects>"
        if "ssl" in function.lower():
            return "TLS (_ssl)"
        if "socket" in function:
            return "sockets (syscalls)"
        if "_contextvars" in function or "_asyncio" in function:
            return "asyncio (event loop, tasks, timers)"
        if "pydantic_core" in function:
            return "pydantic"
        return "builtins (other)"
    module = filename.rsplit("/python3", 1)[-1].split("/", 1)[-1]
    if module.startswith(EVENT_LOOP_MODULES):
        return "asyncio (event loop, tasks, timers)"
    if module.startswith("ssl"):
        return "TLS (_ssl)"
    if module.startswith("socket"):
        return "sockets (syscalls)"
    if module.startswith("ipaddress"):
        return "ipaddress"
    return "standard library (other)"


def layers(path: Path) -> Counter[str]:
    """Seconds of self time per layer in one cProfile output file."""
    totals: Counter[str] = Counter()
    stats = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    for (filename, _line, function), (_cc, _nc, self_time, _cum, _callers) in stats.items():
        totals[layer_of(filename, function)] += self_time
    totals[BUSY] = sum(seconds for layer, seconds in totals.items() if layer != IDLE)
    return totals


def layer_table(ours: Counter[str], baseline: Counter[str]) -> str:
    """Both runs' layers side by side, the auditor's largest first and the busy total last."""
    order = sorted((layer for layer in ours | baseline if layer != BUSY), key=lambda k: -ours[k])
    lines = [f"{'layer (cProfile self time)':<42} {'v6audit':>9} {'baseline':>9}"]
    lines += [f"{layer:<42} {ours[layer]:8.2f}s {baseline[layer]:8.2f}s" for layer in order]
    lines.append(f"{BUSY:<42} {ours[BUSY]:8.2f}s {baseline[BUSY]:8.2f}s")
    return "\n".join(lines)
