"""Raw packets through scapy, for the evidence only raw sockets can gather (traceroute, RAs),
and ICMPv6 echoes on a kernel-filtered raw socket (:mod:`probes.net.icmpecho`, and the large
echoes of :mod:`probes.net.pathmtu`).

scapy's send-and-receive blocks, so it runs in a worker thread, never on the event loop. Raw
sockets need root: without it every call raises ``needs_root`` at once, which the engine (or the
probe, for one piece of evidence) reports, so the rest of the audit works unprivileged. scapy is
imported on first use only: unprivileged runs never pay for it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Sequence
from typing import Any

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ProbeError, exchange_errors
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.icmpecho import EchoAnswer, ping
from v6audit.probes.net.pathmtu import EchoTest, large_echoes
from v6audit.probes.net.socketerrors import socket_reason


class PacketSender:
    def __init__(self, gate: NetworkGate) -> None:
        self._gate = gate

    @staticmethod
    def privileged() -> bool:
        return os.geteuid() == 0

    async def exchange(
        self,
        build: Callable[[], Sequence[Any]],
        *,
        remote: str,
        listen: float,
        iface: str | None = None,
        multi: bool = False,
        configured: bool = False,
    ) -> list[tuple[Any, Any]]:
        """Send the scapy packets ``build`` makes (layer 3) to ``remote``; return (sent, answer).

        ``build`` runs in the worker thread after the privilege check, so scapy is imported there,
        off the event loop, and never by unprivileged runs. ``listen`` is how many seconds scapy
        waits for answers after sending. ``configured``: ``remote`` is the user's own endpoint
        (the reflector) or a link-local group (all routers), not the policy's to refuse.
        """
        if not self.privileged():
            raise ProbeError(Reason.NEEDS_ROOT, "raw packets need root; this evidence was skipped")
        with exchange_errors(socket_reason):  # scapy raises the socket's errors as they are
            async with self._gate.slot(remote, configured=configured):
                return await asyncio.to_thread(_send_receive, build, listen, iface, multi)

    async def echo(self, address: str, size: int, wait: float) -> EchoAnswer | None:
        """:func:`probes.net.icmpecho.ping` to ``address``, under a gate slot for it."""
        async with self._gate.slot(address):
            return await ping(address, size, wait)

    async def large_echoes(self, address: str, size: int, tries: int, wait: float) -> EchoTest:
        """:func:`probes.net.pathmtu.large_echoes` to ``address``, under a gate slot for it."""
        async with self._gate.slot(address):
            return await large_echoes(address, size, tries, wait)


def _send_receive(
    build: Callable[[], Sequence[Any]], timeout: float, iface: str | None, multi: bool
) -> list[tuple[Any, Any]]:
    from scapy.sendrecv import sr

    packets = list(build())
    # scapy scopes the destination to ``iface`` on a single packet only, not on a list
    outgoing: Any = packets[0] if len(packets) == 1 else packets
    # threaded=False: scapy's default sends from a thread of its own, which races the socket's
    # close and prints a traceback on stderr; here packets go out from this (worker) thread
    # before the answers are read. chainEX: a send error is raised to the caller, who
    # translates it, instead of being logged by scapy.
    answered, _unanswered = sr(
        outgoing,
        timeout=timeout,
        iface=iface,
        multi=multi,
        verbose=False,
        threaded=False,
        chainEX=True,
    )
    return [(sent, received) for sent, received in answered]
