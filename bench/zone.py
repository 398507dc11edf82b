"""The benchmark's lab part: one zone of N generated domains in a realistic mix.

Mix of kinds (by index modulo 10): 60% healthy dual-stack, 20% IPv4-only, 10% AAAA that
silently drops, 10% bogus AAAA (documentation space). Two layouts (``--mix``):

* ``spread``: every name has its own addresses, answered as a whole by the server namespace
  (local routes) and one default nginx server, so per-host limits behave as they would across
  many real sites; one name server. Past :data:`SPREAD_ADDRESSES` names (a run of a million),
  the addresses are used again in turn, by names audited hundreds of thousands apart.
* ``shared``: every name on the same few addresses (:data:`SHARED_ADDRESSES` per family) behind
  one name-server pair, as a provincial government's site platform hosts all its sites: the
  per-host limit binds there, and shows whether the auditor stays polite and still keeps up.

Address blocks of this part: 3ffe:501:70::/44 (3ffe:501:70:: .. 3ffe:501:7f::) and
11.72.0.0/14 (web), 11.79.0.0/16 (name servers).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from lab.spec import NameServer, Scenario, WebSite, Zone

ZONE = "bench.lab"
WEB6 = ipaddress.ip_network("3ffe:501:70::/64")
WEB4 = ipaddress.ip_network("11.72.0.0/14")
SILENT6 = ipaddress.ip_network("3ffe:501:7d::/64")
BOGUS6 = ipaddress.ip_network("2001:db8:7e::/64")
NS6, NS4 = "3ffe:501:7f::53", "11.79.0.53"
NS6_B, NS4_B = "3ffe:501:7f::54", "11.79.0.54"
MIXES = ("spread", "shared")
SHARED_ADDRESSES = 2
"""Web server addresses per family in the shared mix."""
SPREAD_ADDRESSES = WEB4.num_addresses - 2
"""Web server addresses per family in the spread mix (all of the IPv4 block but its ends)."""
PAGE = "<!doctype html><html><head><title>bench</title></head><body><p>{body}</p></body></html>"
KINDS = ("healthy",) * 6 + ("ipv4-only",) * 2 + ("silent-aaaa", "bogus-aaaa")


def kind_of(index: int) -> str:
    return KINDS[index % 10]


def records(count: int, mix: str = "spread") -> list[str]:
    lines = []
    for index in range(count):
        name, kind = f"d{index}", kind_of(index)
        host = 1 + index % (SPREAD_ADDRESSES if mix == "spread" else SHARED_ADDRESSES)
        lines.append(f"{name} A {WEB4[host]}")
        if kind == "healthy":
            lines.append(f"{name} AAAA {WEB6[host]}")
        elif kind == "silent-aaaa":
            lines.append(f"{name} AAAA {SILENT6[host]}")
        elif kind == "bogus-aaaa":
            lines.append(f"{name} AAAA {BOGUS6[host]}")
    return lines


def nameservers(mix: str) -> list[NameServer]:
    """One name server for the spread mix, a pair for the shared one."""
    servers = [NameServer(f"ns1.{ZONE}", (NS6, NS4), (ZONE,))]
    if mix == "shared":
        servers.append(NameServer(f"ns2.{ZONE}", (NS6_B, NS4_B), (ZONE,)))
    return servers


def bench_part(count: int, mix: str = "spread") -> Scenario:
    if mix not in MIXES:
        raise ValueError(f"mix {mix!r}: one of {', '.join(MIXES)}")
    return Scenario(
        name="bench",
        nameservers=nameservers(mix),
        zones=[Zone(ZONE, tuple(records(count, mix)))],
        websites=[WebSite((f"*.{ZONE}",), (), PAGE.format(body="x" * 2000))],
        blackholes=(str(SILENT6),),
        aliased=(str(WEB6), str(WEB4), str(SILENT6)),
        vantages=[],
    )


def write_targets(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            out.write(f"d{index}.{ZONE}\n")
    return path
