"""What the kernel saw of a TCP socket, in its own time: arrival stamps and the handshake's RTT.

A timing taken in user space includes the auditor's own delays: its event loop busy with other
targets, its thread queued behind other processes for a CPU, the interpreter's lock held by
another thread. Such delays fall on either family at random, and on a loaded machine they reach
tens of milliseconds, the size of the differences ``web.latency6`` looks for. The kernel stamps
every segment as it arrives (``SO_TIMESTAMPNS``) and measures the handshake's round trip itself
(``TCP_INFO``), both before any of that work can delay the answer: an interval from the moment a
request was sent to the stamp of the answer is the network's and the server's time alone.

Linux only; elsewhere the stamps are absent (None) and callers fall back on their own clocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import socket
import struct
import sys
import time
from dataclasses import dataclass

SO_TIMESTAMPNS = 35
"""``SO_TIMESTAMPNS`` (``SO_TIMESTAMPNS_OLD``, the value on x86 and arm; absent from Python's
socket module): stamp each received segment with CLOCK_REALTIME, in a ``struct timespec``."""
_TIMESPEC = struct.Struct("@qq")
_TCP_INFO = struct.Struct("=8x16I")
"""The head of Linux's ``struct tcp_info``: eight one-byte fields, then ``tcpi_rto`` ..."""
_RTT_FIELD = 15
"""... of whose 32-bit fields ``tcpi_rtt`` (microseconds) is the sixteenth."""
STAMPED = sys.platform == "linux"


def now() -> float:
    """Seconds on the clock the arrival stamps use (CLOCK_REALTIME)."""
    return time.time_ns() / 1e9


def stamp_arrivals(sock: socket.socket) -> None:
    """Ask the kernel to stamp each segment ``sock`` receives (a no-op where it cannot)."""
    if STAMPED:
        keep_stamping()
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)


@functools.cache
def keep_stamping() -> bool:
    """Have the kernel stamp arrivals from now on, for as long as this process lives; whether
    a socket could ask for it. The first socket that asks for stamps calls it.

    Linux stamps arriving packets only while some socket wants stamps, and switches stamping on
    later, from a work queue, when the first one asks: were each timed exchange's socket the only
    one, stamping would go off between exchanges and the next one's first packets would come
    unstamped. So one socket that wants stamps stays open for the life of the process, and the
    first call leaves the work queue ``SETTLE`` seconds to run. Nothing is sent to check it (a
    packet to itself would cross the scanner's own loopback, which scans never touch): an
    arrival that still comes unstamped is timed by the auditor's clock and says so.
    """
    if not STAMPED:
        return False
    try:
        keeper = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        keeper.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    except OSError:
        return False
    _KEEPER.append(keeper)
    time.sleep(SETTLE)
    return True


SETTLE = 0.02
"""Seconds the first :func:`keep_stamping` leaves the kernel to switch stamping on."""
_KEEPER: list[socket.socket] = []
"""The socket that wants stamps for the life of the process (never closed)."""


def handshake_rtt(sock: socket.socket) -> float | None:
    """Seconds the kernel measured for the connected ``sock``'s round trip (the SYN's, right
    after the handshake); None where it does not say."""
    if not STAMPED:
        return None
    try:
        info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _TCP_INFO.size)
    except OSError:
        return None
    if len(info) < _TCP_INFO.size:
        return None
    micros: int = _TCP_INFO.unpack(info)[_RTT_FIELD]
    return micros / 1e6 if micros else None


@dataclass(frozen=True, slots=True)
class Arrival:
    data: bytes
    """Empty when the peer closed the connection."""
    stamp: float | None
    """When the data arrived (``now()``'s clock): the last segment's arrival, as the kernel
    merges queued segments and keeps the latest stamp; None without stamps."""


async def receive(sock: socket.socket, size: int) -> Arrival:
    """Wait until the non-blocking ``sock`` has data, then read up to ``size`` bytes with the
    kernel's stamp of their arrival."""
    loop = asyncio.get_running_loop()
    while True:
        try:
            data, stamp = _read(sock, size)
        except BlockingIOError:
            await _readable(loop, sock)
            continue
        return Arrival(data, stamp if data else None)


def _read(sock: socket.socket, size: int) -> tuple[bytes, float | None]:
    data, ancillary, _flags, _address = sock.recvmsg(size, socket.CMSG_SPACE(_TIMESPEC.size))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
            seconds, nanos = _TIMESPEC.unpack(payload[: _TIMESPEC.size])
            return data, seconds + nanos / 1e9
    return data, None


async def _readable(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> None:
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(sock, wake)
    try:
        await ready
    finally:
        loop.remove_reader(sock)
