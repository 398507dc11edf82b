"""The benchmark's lab part: one zone of N generated domains in a realistic mix.

Mix (by index modulo 10): 60% healthy dual-stack, 20% IPv4-only, 10% AAAA that silently drops,
10% bogus AAAA (documentation space). Every healthy name has its own addresses, answered as a
whole by the server namespace (local routes) and one default nginx server, so per-host limits
behave as they would across many real sites.

Address blocks of this part: 3ffe:501:70::/44 (3ffe:501:70:: .. 3ffe:501:7f::) and
11.72.0.0/14 (web), 11.79.0.0/16 (name server).
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
PAGE = "<!doctype html><html><head><title>bench</title></head><body><p>{body}</p></body></html>"
KINDS = ("healthy",) * 6 + ("ipv4-only",) * 2 + ("silent-aaaa", "bogus-aaaa")


def kind_of(index: int) -> str:
    return KINDS[index % 10]


def records(count: int) -> list[str]:
    lines = []
    for index in range(count):
        name, kind = f"d{index}", kind_of(index)
        lines.append(f"{name} A {WEB4[index + 1]}")
        if kind == "healthy":
            lines.append(f"{name} AAAA {WEB6[index + 1]}")
        elif kind == "silent-aaaa":
            lines.append(f"{name} AAAA {SILENT6[index + 1]}")
        elif kind == "bogus-aaaa":
            lines.append(f"{name} AAAA {BOGUS6[index + 1]}")
    return lines


def bench_part(count: int) -> Scenario:
    if count + 2 > WEB4.num_addresses:
        raise ValueError(f"at most {WEB4.num_addresses - 2} domains")
    return Scenario(
        name="bench",
        nameservers=[NameServer(f"ns1.{ZONE}", (NS6, NS4), (ZONE,))],
        zones=[Zone(ZONE, tuple(records(count)))],
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
