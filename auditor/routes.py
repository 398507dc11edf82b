"""Does this vantage have a route to an address? Asked before probing over a family.

A UDP ``connect`` sends no packet: the kernel only picks a route and a source address, so this is
free, immediate and safe to call for every address. It lets IPv6 checks report
``error/no_local_ipv6`` (the auditor's own network lacks IPv6) instead of failing the target.
"""

from __future__ import annotations

import errno
import socket
from functools import lru_cache

from auditor.errors import ProbeError
from auditor.model import Reason

_NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT}


@lru_cache(maxsize=4096)
def source_address(address: str) -> str | None:
    """The local address the kernel would send from to ``address``; None without a route."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((address, 9))
            local: str = sock.getsockname()[0]
            return local
    except OSError as exc:
        if exc.errno in _NO_ROUTE:
            return None
        raise


def require_route(address: str) -> None:
    """Raise ``no_local_ipv6`` (or ``unreachable`` for IPv4) when the vantage cannot send there."""
    if source_address(address) is not None:
        return
    if ":" in address:
        raise ProbeError(Reason.NO_LOCAL_IPV6, f"this vantage has no IPv6 route to {address}")
    raise ProbeError(Reason.UNREACHABLE, f"this vantage has no IPv4 route to {address}")
