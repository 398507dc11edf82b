"""Ports that let a TCP handshake time out earlier in the run: one timeout per port, not one per
target.

Hundreds of names on one address (a shared hosting platform) each ask for the same address and
port. When that port drops SYNs, every handshake waits out the connect timeout behind the
per-host cap, one wave after another, and the targets' budgets go by in that queue: on the
benchmark's shared mix, 24 of 40 hosts with a silent AAAA came out "not measured" instead of
failing. Whether a port answers a handshake does not depend on the name asked for, so a full
handshake timeout to an (address, port) answers for it for a while; the gate asks for an
operation that names its handshake before it queues and again once it has its slot (others may
have learned it meanwhile).

A handshake that timed out after waiting W seconds answers for any later one that would wait no
longer than W (the port-parity probe's short waits answer for one another, never for a web
exchange's full connect timeout). Only TCP handshakes are kept: a web exchange's connect timeout
may be a TLS handshake that stalled on a port that does answer.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError

KEPT_SECONDS = 300.0
"""How long a silence answers for its port: a run of hours asks again now and then."""
KEPT_PORTS = 4096
"""Silent ports remembered at once (the oldest go first): memory stays flat on huge runs."""


class SilentPorts:
    def __init__(self, kept: float = KEPT_SECONDS, size: int = KEPT_PORTS) -> None:
        self._kept = kept
        self._size = size
        self._silence: OrderedDict[tuple[str, int], tuple[float, float]] = OrderedDict()
        """(address, port) to when its handshake timed out and how long it had waited."""

    def record(self, address: str, port: int, waited: float) -> None:
        """A handshake with ``address``:``port`` timed out after ``waited`` seconds."""
        key = (address, port)
        known = self._silence.get(key)
        self._silence[key] = (time.monotonic(), max(waited, known[1] if known else 0.0))
        self._silence.move_to_end(key)
        while len(self._silence) > self._size:
            self._silence.popitem(last=False)

    def check(self, address: str, port: int, wait: float) -> None:
        """Raise a ``timeout`` ``ExchangeError`` when a handshake with ``address``:``port``
        timed out lately after waiting at least ``wait`` seconds; otherwise return."""
        known = self._silence.get((address, port))
        if known is None or known[1] < wait:
            return
        ago = time.monotonic() - known[0]
        if ago > self._kept:
            del self._silence[(address, port)]
            return
        host = f"[{address}]" if ":" in address else address
        raise ExchangeError(
            Reason.TIMEOUT,
            f"{host}:{port} let a TCP handshake time out after {known[1]:g} s, {ago:.0f} s "
            "earlier in this run (not asked again)",
        )
