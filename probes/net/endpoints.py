"""Parse the endpoints users name on the command line: ``HOST[:PORT]``, ``[V6]:PORT``, URLs.

One parser for resolvers, STUN servers, reflector URLs and listen addresses, so they all accept
the same spellings and reject bad ones with the same kind of message.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from v6audit.probes.net.errors import InputError

REFLECTOR_PORT = 8478
"""Default port of ``v6audit reflector``: HTTP on TCP and STUN on UDP."""


def split_host_port(text: str, default_port: int, what: str) -> tuple[str, int]:
    """``HOST``, ``HOST:PORT`` or ``[V6ADDR]:PORT`` to (host, port); a bare IPv6 address too."""
    host, port_text = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest and not rest.startswith(":"):
            raise InputError(f"{what} {text!r}: expected [ADDRESS]:PORT")
        port_text = rest[1:]
        if rest and not port_text:
            raise InputError(f"{what} {text!r}: port missing after ':'")
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    if not host:
        raise InputError(f"{what} {text!r}: no host")
    if not port_text:
        return host, default_port
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise InputError(f"{what} {text!r}: port must be a number from 1 to 65535")
    return host, int(port_text)


def parse_address_port(text: str, default_port: int, what: str) -> tuple[str, int]:
    """Like :func:`split_host_port`, but the host must be an IP address (no name lookups)."""
    host, port = split_host_port(text, default_port, what)
    try:
        return str(ipaddress.ip_address(host)), port
    except ValueError:
        raise InputError(f"{what} {text!r}: give an IP address, not a name") from None


@dataclass(frozen=True, slots=True)
class Reflector:
    """Where vantage checks exchange with ``v6audit reflector`` (HTTP) and STUN."""

    host: str
    """A host name (A-label) or an address literal."""
    port: int
    tls: bool
    stun_host: str
    stun_port: int

    def url(self, path: str = "/") -> str:
        literal = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{literal}:{self.port}{path}"


def parse_reflector(url: str | None, stun: str | None) -> Reflector | None:
    """The reference endpoints from ``--reflector URL`` and ``--stun HOST:PORT``."""
    if url is None:
        if stun is not None:
            raise InputError("--stun needs --reflector too (the HTTP reference endpoint)")
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"reflector {url!r}: expected http://HOST[:PORT]/ or https://...")
    try:
        port = parts.port or (REFLECTOR_PORT if parts.scheme == "http" else 443)
    except ValueError as exc:
        raise InputError(f"reflector {url!r}: {exc}") from None
    host = parts.hostname.lower()
    stun_host, stun_port = (host, port) if stun is None else split_host_port(stun, 3478, "STUN")
    return Reflector(
        host=host,
        port=port,
        tls=parts.scheme == "https",
        stun_host=stun_host.strip("[]").lower(),
        stun_port=stun_port,
    )


def address_version(text: str) -> int | None:
    """4 or 6 for an address literal, None for a host name."""
    try:
        return ipaddress.ip_address(text).version
    except ValueError:
        return None
