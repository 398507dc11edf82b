"""Run-wide settings: limits, timeouts and the resolver, as one plain config object.

Defaults are those of a good network citizen: a global rate limit and a small per-host limit are
always on; users raise them knowingly.

Each setting names the options that set it (:func:`set_by`): a run stores its settings and
``--resume`` re-uses them, so it refuses every option :func:`options_of` finds here, with no
list to keep in step. A setting no option sets says so (``set_by()``), and a test checks that
every field says something.
"""

from __future__ import annotations

from dataclasses import Field, dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

SET_BY = "set_by"
WITHIN = "within"


def set_by(*flags: str) -> dict[str, tuple[str, ...]]:
    """Field metadata: the command-line options that set this field (none: no option does)."""
    return {SET_BY: flags}


def within(group: type[Any]) -> dict[str, type[Any]]:
    """Field metadata: the field is a group of settings whose own fields name their options."""
    return {WITHIN: group}


def options_of(record: type[Any]) -> frozenset[str]:
    """The options that set ``record``'s fields, its groups' included.

    Raises :class:`TypeError` for a field that names neither its options nor its group, so a
    setting added without saying where it comes from fails the tests, not a resumed run.
    """
    flags: set[str] = set()
    for item in fields(record):
        flags.update(_options_of_field(record, item))
    return frozenset(flags)


def _options_of_field(record: type[Any], item: Field[Any]) -> frozenset[str]:
    if WITHIN in item.metadata:
        return options_of(item.metadata[WITHIN])
    if SET_BY in item.metadata:
        return frozenset(item.metadata[SET_BY])
    raise TypeError(f"{record.__name__}.{item.name} names neither its options nor its group")


class Scope(StrEnum):
    """Where the audited services live: the public internet, or an intranet/extranet."""

    INTERNET = "internet"
    INTERNAL = "internal"


@dataclass(frozen=True, slots=True)
class Limits:
    concurrency: int = field(default=64, metadata=set_by("--concurrency"))
    """Targets audited at once."""
    in_flight: int = field(default=256, metadata=set_by())
    """Network operations (queries, connections) in flight at once, across all targets."""
    per_host: int = field(default=4, metadata=set_by("--per-host"))
    """Operations in flight to any one remote address."""
    rate: float = field(default=500.0, metadata=set_by("--rate"))
    """Network operations started per second, across the run."""
    sweep: int = field(default=1024, metadata=set_by("--sweep-limit"))
    """Addresses one network target may probe: an IPv4 prefix larger than this is refused, an
    IPv6 prefix is searched for at most this many candidate addresses."""
    processes: int = field(default=1, metadata=set_by("--processes"))
    """Processes auditing at once, each with its share of the other limits (one per CPU core
    makes a large run CPU-bound no longer on one core)."""
    body_bytes: int = field(default=1_000_000, metadata=set_by())
    """Bytes of one response body kept, counted after decompression (gzip bombs stay small)."""


@dataclass(frozen=True, slots=True)
class Timeouts:
    dns_try: float = field(default=2.0, metadata=set_by("--timeout"))
    """One DNS query to one server."""
    dns_total: float = field(default=6.0, metadata=set_by("--timeout"))
    """One DNS lookup, all retries and servers included."""
    connect: float = field(default=4.0, metadata=set_by("--timeout"))
    exchange: float = field(default=10.0, metadata=set_by("--timeout"))
    """One exchange (an HTTP request and its response, an SMTP greeting), connect included:
    a server that trickles bytes cannot hold a probe longer than this."""
    probe: float = field(default=30.0, metadata=set_by("--timeout"))
    """The probes of one target, all their exchanges included, counted from the target's start
    (a probe that waits for another it requires has that much less)."""
    deadline: float | None = field(default=None, metadata=set_by("--deadline"))
    """The whole run; targets not finished by then are left out and the run marked incomplete."""


class Convention(StrEnum):
    """How an operator numbers a host's two addresses alike (see :mod:`probes.net.pairing`)."""

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
    resolvers: tuple[str, ...] = field(default=(), metadata=set_by("--resolver"))
    """Recursive resolvers as ``ADDR`` or ``ADDR:PORT`` (``[v6]:port``); empty: the system's."""
    root_hints: Path | None = field(default=None, metadata=set_by("--root-hints"))
    ca_bundle: Path | None = field(default=None, metadata=set_by("--ca-bundle"))
    scope: Scope = field(default=Scope.INTERNET, metadata=set_by("--scope"))
    limits: Limits = field(default=Limits(), metadata=within(Limits))
    timeouts: Timeouts = field(default=Timeouts(), metadata=within(Timeouts))
    reflector: str | None = field(default=None, metadata=set_by("--reflector"))
    """URL of the reflector vantage checks exchange with (``v6audit reflector``)."""
    stun: str | None = field(default=None, metadata=set_by("--stun"))
    """STUN server as ``HOST:PORT`` (``[v6]:port``); default: the reflector's host and port."""
    pairing: PairingPlan = field(default=PairingPlan(), metadata=set_by("--pairing", "--pairs"))
    """The operator's numbering plan for network targets (``--pairing``, ``--pairs``)."""
    allow_private: bool = field(default=False, metadata=set_by("--allow-private"))
    """Fetch links and resources that lead to non-global addresses or address literals. Off by
    default: a hostile page must not turn the auditor into a probe of its own network."""
