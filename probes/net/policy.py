"""What the auditor may contact, and which addresses count as a service's IPv6 (pure, no I/O).

Two questions, one table of special-purpose blocks (:mod:`probes.net.addresses`):

- **Is it usable?** An address is a service's IPv6 (or IPv4) address only if the packets sent to it
  leave as that family to a global unicast address (or a ULA, private or shared one when auditing
  an intranet, ``--scope internal``). An IPv4-mapped AAAA is carried over IPv4 by the kernel, a
  NAT64 one (well known, local use, or a PREF64 this vantage learned) by a translator, 6to4 and
  Teredo by a relay: an exchange with them proves nothing about the site's IPv6. Probes measure
  usable addresses only; checks name the others and why.
- **May it be contacted?** Addresses learned from a target (DNS answers, redirects, links,
  resources, MX and NS hosts) are hostile content: loopback, unspecified, link-local, multicast,
  metadata, private and shared addresses, in any encoding, would turn the auditor into a probe of
  the network it runs in. The gate (:class:`probes.net.gate.NetworkGate`), which every connection
  passes, refuses them unless the user gave ``--allow-private``. Translated forms are refused even
  then: they are never IPv6, and they may hide any IPv4 address, loopback included.

Endpoints from the user's own configuration (resolvers, the reflector, STUN, root hints) are not
hostile content; the clients mark them so (``configured=True``) and the gate lets them through.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from v6audit.probes.model import Reason
from v6audit.probes.net.addresses import Category, acceptable_in_scope, special_block
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.net.settings import Scope

TRANSLATED = frozenset(
    {
        Category.IPV4_MAPPED,
        Category.IPV4_COMPATIBLE,
        Category.NAT64,
        Category.SIX_TO_FOUR,
        Category.TEREDO,
    }
)
"""IPv6 forms that carry IPv4 (or go through a relay): never the site's IPv6, never contacted."""
ALLOW_HINT = "not contacted; --allow-private allows it"


@dataclass(frozen=True, slots=True)
class Unusable:
    """An address that is not a usable service address of its family, and why."""

    address: str
    why: str
    """The block it lies in, with its RFC (or the NAT64 prefix and how it was learned)."""
    translated: bool
    """A form that carries IPv4 or goes through a relay: refused even with ``--allow-private``."""

    def describe(self) -> str:
        return f"{self.address} is {self.why}"


@dataclass(slots=True)
class AddressPolicy:
    """The run's address policy: its scope, ``--allow-private`` and the NAT64 prefixes learned."""

    scope: Scope = Scope.INTERNET
    allow_private: bool = False
    nat64: list[ipaddress.IPv6Network] = field(default_factory=list)
    """NAT64 prefixes this vantage uses (RFC 7050 discovery): addresses under them are IPv4."""

    def learn_nat64(self, prefixes: list[ipaddress.IPv6Network]) -> None:
        for prefix in prefixes:
            if prefix not in self.nat64:
                self.nat64.append(prefix)

    def unusable(self, address: str) -> Unusable | None:
        """Why ``address`` is not a usable service address of its family; None when it is."""
        return _unusable(address, self.scope is Scope.INTERNAL, tuple(self.nat64))

    def refusal(self, address: str) -> Unusable | None:
        """Why the gate must not contact ``address`` (learned from a target); None when it may."""
        found = self.unusable(address)
        if found is None or (self.allow_private and not found.translated):
            return None
        return found

    def check(self, address: str) -> None:
        """Raise ``policy`` when ``address`` must not be contacted."""
        found = self.refusal(address)
        if found is not None:
            hint = "" if found.translated else f"; {ALLOW_HINT}"
            raise ProbeError(Reason.POLICY, f"refused: {found.describe()}{hint}")

    def pick(self, addresses: Sequence[str]) -> str | Unusable | None:
        """The first of ``addresses`` (a name's records) that may be contacted; when none may,
        why the first may not; None for no addresses at all."""
        refusals = [(a, self.refusal(a)) for a in addresses]
        allowed = next((a for a, why in refusals if why is None), None)
        if allowed is not None or not refusals:
            return allowed
        return refusals[0][1]


CLASSIFIED = 4096
"""Addresses whose classification is kept: the gate asks for every operation, mostly about
the few addresses of the targets under way."""


@lru_cache(maxsize=CLASSIFIED)
def _unusable(
    address: str, internal: bool, nat64: tuple[ipaddress.IPv6Network, ...]
) -> Unusable | None:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return Unusable(address, "not an IP address", translated=False)
    if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id is not None:
        ip = ipaddress.IPv6Address(address.split("%", 1)[0])  # fe80::1%eth0: a zone, local
    learned = _learned_nat64(ip, nat64)
    if learned is not None:
        return learned
    block = special_block(ip)
    if block is None or acceptable_in_scope(ip, internal):
        return None
    return Unusable(address, block.describe(), translated=block.category in TRANSLATED)


def _learned_nat64(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address, nat64: tuple[ipaddress.IPv6Network, ...]
) -> Unusable | None:
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    for prefix in nat64:
        if ip in prefix:
            why = f"under this network's NAT64 prefix ({prefix}, RFC 7050 discovery)"
            return Unusable(str(ip), why, translated=True)
    return None
