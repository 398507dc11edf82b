"""Does this vantage have a route to an address? Asked before probing over a family.

A UDP ``connect`` sends no packet: the kernel only picks a route and a source address, so this is
free, immediate and safe to call for every address. It lets IPv6 checks report
``error/no_local_ipv6`` (the auditor's own network lacks IPv6) instead of failing the target.
"""

from __future__ import annotations

import errno
import socket
from functools import lru_cache

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ProbeError, exchange_errors
from v6audit.probes.net.pathmtu import learned_mtu
from v6audit.probes.net.socketerrors import socket_reason

_NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT}
_NO_ZONE = {errno.EINVAL, errno.ENODEV, errno.ENXIO}


@lru_cache(maxsize=4096)
def source_address(address: str) -> str | None:
    """The local address the kernel would send from to ``address``; None without a route.

    Raises ``unreachable`` for an address no route can lead to whatever this vantage has: a
    link-local or multicast address without its zone (``fe80::1``), or with a zone this host
    does not have (``fe80::1%eth9``).
    """
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with exchange_errors(socket_reason):  # any other refusal, as every client reports it
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as sock:
                sock.connect((address, 9))
                local: str = sock.getsockname()[0]
                return local
        except OSError as exc:
            if exc.errno in _NO_ROUTE:
                return None
            if exc.errno in _NO_ZONE or isinstance(exc, socket.gaierror):
                raise ProbeError(Reason.UNREACHABLE, f"no route to {address}: {exc}") from None
            raise


def require_route(address: str) -> None:
    """Raise ``no_local_ipv6`` (or ``unreachable`` for IPv4) when the vantage cannot send there."""
    if source_address(address) is None:
        raise no_route(address)


def no_route(address: str) -> ProbeError:
    """The failure for an address this vantage has no route to, typed by its family."""
    if ":" in address:
        return ProbeError(Reason.NO_LOCAL_IPV6, f"this vantage has no IPv6 route to {address}")
    return ProbeError(Reason.UNREACHABLE, f"this vantage has no IPv4 route to {address}")


def default_route_interface(version: int) -> str | None:
    """The interface of this host's default route for IPv4 or IPv6; None without one.

    Read from the kernel's routing tables in /proc (Linux), skipping the unreachable ``::/0``
    placeholder the kernel keeps on ``lo``. Elsewhere the answer is None (no evidence).
    """
    try:
        if version == 4:
            rows = [line.split() for line in _read("/proc/net/route").splitlines()[1:]]
            return next((r[0] for r in rows if len(r) > 7 and r[1] == r[7] == "00000000"), None)
        rows = [line.split() for line in _read("/proc/net/ipv6_route").splitlines()]
    except OSError:
        return None
    for row in rows:
        default = len(row) == 10 and int(row[0], 16) == 0 and row[1] == "00"
        if default and not int(row[8], 16) & _RTF_REJECT and row[9] != "lo":
            return row[9]
    return None


_RTF_REJECT = 0x0200


def _read(path: str) -> str:
    with open(path, encoding="ascii") as handle:
        return handle.read()


class KernelRoutes:
    """This host's routes, as the probe context offers them (:class:`probes.net.clients.Routes`)."""

    def source_address(self, address: str) -> str | None:
        return source_address(address)

    def require_route(self, address: str) -> None:
        require_route(address)

    def default_route_interface(self, version: int) -> str | None:
        return default_route_interface(version)

    def learned_mtu(self, address: str) -> int | None:
        return learned_mtu(address)
