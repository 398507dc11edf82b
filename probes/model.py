"""What probes measure, and why they could not: targets, observations, failure reasons.

This is the vocabulary below everything else: the network door and the probes speak it, and the
layers above (checks, scoring, the store, the writers) read it. Verdicts and reports have their
own types in :mod:`auditor.model`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class TargetKind(StrEnum):
    DOMAIN = "domain"
    NETWORK = "network"
    VANTAGE = "vantage"


class Sector(StrEnum):
    """The key sectors of the 2023 opinion (重点行业)."""

    GOV = "gov"
    FINANCE = "finance"
    ENERGY = "energy"
    TRANSPORT = "transport"
    EDUCATION = "education"
    MANUFACTURING = "manufacturing"


class Reason(StrEnum):
    """Why a check could not be measured (the catalog's list), or why one exchange failed.

    ``reset``, ``tls`` and ``protocol`` were added with the web checks, whose evidence has to tell
    a refused connection from one cut mid-exchange or one whose certificate is invalid.
    """

    TIMEOUT = "timeout"
    REFUSED = "refused"
    RESET = "reset"
    """The peer reset or closed the connection in the middle of an exchange."""
    TLS = "tls"
    """The TLS handshake failed: an invalid certificate or a handshake the server broke off."""
    PROTOCOL = "protocol"
    """The peer answered, but not in the protocol spoken (malformed HTTP, corrupt gzip)."""
    UNREACHABLE = "unreachable"
    POLICY = "policy"
    """The auditor's address policy kept it from contacting the address: learned from a target
    and not global (loopback, private, ...), or a form that is never IPv6 (IPv4-mapped, NAT64)."""
    NXDOMAIN = "nxdomain"
    NO_DATA = "no_data"
    SERVFAIL = "servfail"
    NO_LOCAL_IPV6 = "no_local_ipv6"
    NEEDS_ROOT = "needs_root"
    BAD_INPUT = "bad_input"
    INTERNAL = "internal"


@dataclass(frozen=True, slots=True)
class Target:
    """One thing to audit, as the user wrote it and as the auditor will use it.

    ``host`` is the A-label (punycode) form used on the wire; ``raw`` is kept for reports because
    users recognise what they typed. ``source`` names the file and line for error messages.
    """

    raw: str
    kind: TargetKind
    host: str | None = None
    url: str | None = None
    network: IPNetwork | None = None
    sector: Sector | None = None
    source: str = "argv"


class Failure(BaseModel):
    """Why one part of an observation was not measured: the one envelope of partial failures.

    A probe that cannot measure at all raises, and the engine records a :class:`ProbeFailure`;
    a probe that measured most of what it should (one address of several timed out, the A
    lookup failed while AAAA answered) keeps the failed part as this, next to the rest.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: Reason
    message: str = ""
    """What the failing exchange said; empty in runs stored before it was recorded."""


def reason_of(failure: Failure | None) -> Reason | None:
    """The reason of a partial failure; None when that part was measured."""
    return failure.reason if failure is not None else None


@dataclass(frozen=True, slots=True)
class StoredFailure:
    """Where runs stored before :class:`Failure` kept a partial failure: a bare reason field
    (``error``, ``a_error``, ...) and maybe a message field, read back into the envelope so old
    runs still decode and re-score the same."""

    into: str
    """The observation's :class:`Failure` field."""
    reason: str
    message: str | None = None
    note: str | None = None
    """The field a message without a reason goes to (a remark, not a failure)."""

    def lift(self, data: dict[str, Any]) -> None:
        reason = data.pop(self.reason, None)
        message = data.pop(self.message, None) if self.message else None
        if reason is not None:
            data[self.into] = {"reason": reason, "message": message or ""}
        elif message is not None and self.note is not None:
            data[self.note] = message


class Observation(BaseModel):
    """Base of every probe's raw measurement; serialisable so stored runs can be re-scored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stored_failures: ClassVar[tuple[StoredFailure, ...]] = ()
    """The old shapes of this observation's :class:`Failure` fields, for stored runs."""

    @model_validator(mode="before")
    @classmethod
    def _lift_stored_failures(cls, data: Any) -> Any:
        if not cls.stored_failures or not isinstance(data, dict):
            return data
        if not any({old.reason, old.message} & data.keys() for old in cls.stored_failures):
            return data
        data = dict(data)
        for old in cls.stored_failures:
            old.lift(data)
        return data


class ProbeFailure(BaseModel):
    """A probe that could not measure: the classified reason and the underlying message."""

    model_config = ConfigDict(frozen=True)

    probe: str
    reason: Reason
    message: str
