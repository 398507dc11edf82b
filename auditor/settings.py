"""Run-wide settings: limits, timeouts and the resolver, as one plain config object.

Defaults are those of a good network citizen: a global rate limit and a small per-host limit are
always on; users raise them knowingly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Scope(StrEnum):
    """Where the audited services live: the public internet, or an intranet/extranet."""

    INTERNET = "internet"
    INTERNAL = "internal"


@dataclass(frozen=True, slots=True)
class Limits:
    concurrency: int = 64
    """Targets audited at once."""
    in_flight: int = 256
    """Network operations (queries, connections) in flight at once, across all targets."""
    per_host: int = 4
    """Operations in flight to any one remote address."""
    rate: float = 500.0
    """Network operations started per second, across the run."""
    sweep: int = 1024
    """Addresses one network target may probe: an IPv4 prefix larger than this is refused, an
    IPv6 prefix is searched for at most this many candidate addresses."""
    processes: int = 1
    """Processes auditing at once, each with its share of the other limits (one per CPU core
    makes a large run CPU-bound no longer on one core)."""
    body_bytes: int = 1_000_000
    """Bytes of one response body kept, counted after decompression (gzip bombs stay small)."""


@dataclass(frozen=True, slots=True)
class Timeouts:
    dns_try: float = 2.0
    """One DNS query to one server."""
    dns_total: float = 6.0
    """One DNS lookup, all retries and servers included."""
    connect: float = 4.0
    exchange: float = 10.0
    """One exchange (an HTTP request and its response, an SMTP greeting), connect included:
    a server that trickles bytes cannot hold a probe longer than this."""
    probe: float = 30.0
    """The probes of one target, all their exchanges included, counted from the target's start
    (a probe that waits for another it requires has that much less)."""
    deadline: float | None = None
    """The whole run; targets not finished by then are left out and the run marked incomplete."""


class Convention(StrEnum):
    """How an operator numbers a host's two addresses alike (see :mod:`auditor.pairing`)."""

    SAME_NUMBER = "same-number"
    """The IPv4 host number's decimal digits reused as hex digits: ``.20`` and ``::20``."""
    HEX = "hex"
    """The IPv4 host number's value: ``.20`` and ``::14``."""
    EMBEDDED = "embedded"
    """The whole IPv4 address in the interface identifier: ``::b01:14`` or ``::11:1:0:20``."""


@dataclass(frozen=True, slots=True)
class Segment:
    """An IPv4 prefix and the IPv6 prefix its hosts also have addresses in."""

    ipv4: str
    ipv6: str
    convention: Convention | None = None
    """How the segment numbers its hosts; None: unknown, every convention is tried as a guess."""


@dataclass(frozen=True, slots=True)
class PairingPlan:
    """What the operator declares about numbering, for networks where nothing else can tell."""

    conventions: tuple[Convention, ...] = ()
    """Conventions that hold in every segment the survey learns of."""
    segments: tuple[Segment, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    """Explicit (IPv4, IPv6) address pairs of one host."""


@dataclass(frozen=True, slots=True)
class ScanSettings:
    resolvers: tuple[str, ...] = ()
    """Recursive resolvers as ``ADDR`` or ``ADDR:PORT`` (``[v6]:port``); empty: the system's."""
    root_hints: Path | None = None
    ca_bundle: Path | None = None
    scope: Scope = Scope.INTERNET
    limits: Limits = Limits()
    timeouts: Timeouts = Timeouts()
    reflector: str | None = None
    """URL of the reflector vantage checks exchange with (``v6audit reflector``)."""
    stun: str | None = None
    """STUN server as ``HOST:PORT`` (``[v6]:port``); default: the reflector's host and port."""
    pairing: PairingPlan = PairingPlan()
    """The operator's numbering plan for network targets (``--pairing``, ``--pairs``)."""
    allow_private: bool = False
    """Fetch links and resources that lead to non-global addresses or address literals. Off by
    default: a hostile page must not turn the auditor into a probe of its own network."""
