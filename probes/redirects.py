"""Where a redirect leads, worked out from the Location header alone (pure, no I/O).

A redirect chain is followed hop by hop with every hop kept on the family being measured, so the
probe needs to know, for each Location, the absolute URL, its host, and whether the host is an
address literal (which pins the hop to that address and family, and which no resolver can give
an address of the other family).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import httpx

from v6audit.probes.urlparts import parsed, raw_host

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 10
"""Redirects followed before a chain counts as endless (browsers allow about 20; sites need 3)."""


@dataclass(frozen=True, slots=True)
class Redirect:
    url: str
    host: str
    literal_family: int | None
    """4 or 6 when the host is an IPv4 or IPv6 address literal, None for a name."""

    def same_host(self, url: str) -> bool:
        return raw_host(url) == self.host


def follow(current: str, location: str | None) -> Redirect | None:
    """The redirect ``location`` makes from ``current``; None when it leads nowhere usable."""
    if not location or not location.strip():
        return None
    try:
        target = parsed(current).join(location.strip())
    except (httpx.InvalidURL, ValueError):
        return None
    if target.scheme not in ("http", "https") or not target.raw_host:
        return None
    host = target.raw_host.decode("ascii")  # the A-label, as resolvers want it
    return Redirect(
        url=str(target.copy_with(fragment=None)),
        host=host,
        literal_family=_literal_family(host),
    )


def _literal_family(host: str) -> int | None:
    try:
        return ipaddress.ip_address(host).version
    except ValueError:
        return None
