"""Ports that let a TCP handshake time out earlier in the run: one timeout per port, not one per
target.

Hundreds of names on one address (a shared hosting platform) each ask for the same address and
port. When that port drops SYNs, every handshake waits out the connect timeout behind the
per-host cap, one wave after another, and the targets' budgets go by in that queue: on the
benchmark's shared mix, 24 of 40 hosts with a silent AAAA came out "not measured" instead of
failing. Whether a port answers a handshake does not depend on the name asked for, so a full
handshake timeout to an (address, port) answers for it for a while; an operation asks before it
queues and again once it has its slot (others may have learned it meanwhile).

Only a TCP handshake that ran its whole connect timeout is kept: a shortened wait (host
discovery) proves nothing, and a web exchange's connect timeout may be a TLS handshake that
stalled on a port that does answer.
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
        self._since: OrderedDict[tuple[str, int], float] = OrderedDict()

    def record(self, address: str, port: int) -> None:
        """A handshake with ``address``:``port`` ran its whole connect timeout."""
        key = (address, port)
        self._since[key] = time.monotonic()
        self._since.move_to_end(key)
        while len(self._since) > self._size:
            self._since.popitem(last=False)

    def check(self, address: str, port: int) -> None:
        """Raise a ``timeout`` ``ExchangeError`` when ``address``:``port`` was found silent
        lately; otherwise return."""
        since = self._since.get((address, port))
        if since is None:
            return
        ago = time.monotonic() - since
        if ago > self._kept:
            del self._since[(address, port)]
            return
        host = f"[{address}]" if ":" in address else address
        raise ExchangeError(
            Reason.TIMEOUT,
            f"{host}:{port} let a TCP handshake time out {ago:.0f} s earlier in this run "
            "(not asked again)",
        )
