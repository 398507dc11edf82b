"""Root hints: the name servers a delegation walk starts from.

The default is IANA's ``named.root`` shipped with the package (``probes/net``), so a walk needs
nothing from the system; ``--root-hints`` replaces it (a private root, a lab, a newer file).
A file that yields no root server is refused at start-up with a message naming it, rather than
turning every target's walk into an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import dns.exception
import dns.name
import dns.rdatatype

# The record types of root hints, which dnspython would import on first parse: loaded with the
# program, not while --root-hints is checked. A Ctrl-C landing inside that late import could be
# lost there and leave a half-loaded module, which the parser then reported as a syntax error
# of the file ("invalid --root-hints", exit 2) instead of the run ending as interrupted.
import dns.rdtypes.ANY.NS
import dns.rdtypes.IN.A
import dns.rdtypes.IN.AAAA
import dns.zonefile

from v6audit.probes.net.errors import InputError
from v6audit.probes.net.userfiles import MIB, read_capped

MAX_BYTES = MIB
"""IANA's file is 3 KiB; a hints file is read in every audit process, so it must be a regular
file, and one this large is refused rather than read whole."""


@dataclass(frozen=True, slots=True)
class RootServer:
    name: str
    addresses: tuple[str, ...]
    """IPv6 and IPv4 addresses as the hints give them."""


def load_root_hints(path: Path | None = None) -> tuple[RootServer, ...]:
    """Parse root hints (``path``, or the shipped IANA file) into servers with addresses."""
    source = str(path) if path is not None else "the shipped IANA root hints"
    try:
        if path is not None:
            text = read_capped(path, MAX_BYTES, "root hints", regular=True).decode("utf-8")
        else:
            text = (resources.files("v6audit.probes.net") / "named.root").read_text("utf-8")
        rrsets = dns.zonefile.read_rrsets(text, origin=dns.name.root, relativize=False)
    except (OSError, UnicodeDecodeError, dns.exception.DNSException) as exc:
        raise InputError(f"root hints {source}: {exc}") from None
    names = [
        rdata.target
        for rrset in rrsets
        if rrset.rdtype == dns.rdatatype.NS and rrset.name == dns.name.root
        for rdata in rrset
    ]
    servers = []
    for name in dict.fromkeys(names):
        addresses = tuple(
            rdata.address
            for rrset in rrsets
            if rrset.name == name and rrset.rdtype in (dns.rdatatype.AAAA, dns.rdatatype.A)
            for rdata in rrset
        )
        if addresses:
            servers.append(RootServer(name.to_text(omit_final_dot=True).lower(), addresses))
    if not servers:
        raise InputError(f"root hints {source}: no root name server with an address")
    return tuple(servers)
