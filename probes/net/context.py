"""The probe context: the only door from a probe to the network.

The engine builds one context per run and hands it to every probe. It carries the resolver, HTTP
and TCP with the family forced, the gate (the address policy, rate and concurrency limits), the
root hints for delegation walks and the settings, so probes stay small and testable and the
engine alone decides how hard the run may push. ``udp`` (request/response exchanges),
``packets`` (raw packets, root only) and ``routes`` (what the kernel knows) complete it.

The doors are typed by what probes ask of them (:mod:`probes.net.clients`), not by the clients:
:meth:`ProbeContext.create` builds the real ones, probe unit tests an in-memory world.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from v6audit.probes.net.clients import Dns, Packets, Routes, Tcp, Udp, Web
from v6audit.probes.net.dnsclient import DnsClient, build_resolver
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.packets import PacketSender
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.roothints import RootServer, load_root_hints
from v6audit.probes.net.routes import KernelRoutes
from v6audit.probes.net.settings import ScanSettings
from v6audit.probes.net.tcpclient import TcpClient
from v6audit.probes.net.udpclient import UdpClient
from v6audit.probes.net.webclient import WebClient


@dataclass(frozen=True, slots=True)
class ProbeContext:
    settings: ScanSettings
    gate: NetworkGate
    dns: Dns
    root_hints: tuple[RootServer, ...]
    udp: Udp
    packets: Packets
    web: Web
    tcp: Tcp
    routes: Routes

    @classmethod
    def create(cls, settings: ScanSettings, user_agent: str = "v6audit") -> ProbeContext:
        """Build a context; must be called inside the running event loop that will use it."""
        policy = AddressPolicy(scope=settings.scope, allow_private=settings.allow_private)
        gate = NetworkGate(settings.limits, policy)
        resolver = build_resolver(settings.resolvers, settings.timeouts)
        udp = UdpClient(gate, settings.timeouts)
        return cls(
            settings=settings,
            gate=gate,
            dns=DnsClient(resolver, gate, udp, query_timeout=settings.timeouts.dns_try),
            root_hints=load_root_hints(settings.root_hints),
            web=WebClient(settings, gate, user_agent),
            tcp=TcpClient(gate, settings.timeouts),
            udp=udp,
            packets=PacketSender(gate),
            routes=KernelRoutes(),
        )

    @asynccontextmanager
    async def for_target(self) -> AsyncIterator[ProbeContext]:
        """This context with the web and TCP doors of one target (:mod:`probes.net.targetweb`,
        :mod:`probes.net.targettcp`): the engine opens it around a target's probes, so they
        share connections, exchanges and handshakes."""
        async with self.tcp.target() as tcp, self.web.target(tcp) as web:
            yield replace(self, web=web, tcp=tcp)
