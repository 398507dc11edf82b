"""The probe context: the only door from a probe to the network.

The engine builds one context per run and hands it to every probe. It carries the resolver, HTTP
and TCP with the family forced, the gate (rate and concurrency limits) and the settings, so probes
stay small and testable and the engine alone decides how hard the run may push.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.dnsclient import DnsClient, build_resolver
from auditor.gate import NetworkGate
from auditor.settings import ScanSettings
from auditor.tcpclient import TcpClient
from auditor.webclient import WebClient


@dataclass(frozen=True, slots=True)
class ProbeContext:
    settings: ScanSettings
    gate: NetworkGate
    dns: DnsClient
    web: WebClient
    tcp: TcpClient

    @classmethod
    def create(cls, settings: ScanSettings) -> ProbeContext:
        """Build a context; must be called inside the running event loop that will use it."""
        gate = NetworkGate(settings.limits)
        resolver = build_resolver(settings.resolvers, settings.timeouts)
        return cls(
            settings=settings,
            gate=gate,
            dns=DnsClient(resolver, gate),
            web=WebClient(settings, gate),
            tcp=TcpClient(gate, settings.timeouts),
        )
