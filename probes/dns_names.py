"""Addresses of a server named in DNS (a name server or a mail exchanger), failures kept as data.

A zone usually names several servers; one that does not resolve is a finding about that server,
not a reason to give up on the others, so a lookup that got an answer (no data, NXDOMAIN,
SERVFAIL, refused) is recorded with its reason. A lookup that got no answer at all (timeout) or
crashed says nothing about the server, so it is raised for the engine to classify.
"""

from __future__ import annotations

import asyncio

from v6audit.probes.model import Failure, Observation, Reason, StoredFailure
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.dnsclient import Lookup
from v6audit.probes.net.errors import classify, describe

_RAISED = frozenset({Reason.TIMEOUT, Reason.INTERNAL})


class ServerName(Observation):
    name: str
    aaaa: list[str]
    a: list[str]
    aaaa_failure: Failure | None = None
    a_failure: Failure | None = None

    stored_failures = (
        StoredFailure("aaaa_failure", "aaaa_error"),
        StoredFailure("a_failure", "a_error"),
    )


async def server_name(ctx: ProbeContext, name: str) -> ServerName:
    """AAAA and A of ``name`` through the run's resolver (cached: shared by every target)."""
    aaaa, a = await asyncio.gather(
        ctx.dns.lookup(name, "AAAA"), ctx.dns.lookup(name, "A"), return_exceptions=True
    )
    aaaa_records, aaaa_failure = _records(aaaa)
    a_records, a_failure = _records(a)
    return ServerName(
        name=name, aaaa=aaaa_records, a=a_records, aaaa_failure=aaaa_failure, a_failure=a_failure
    )


def _records(outcome: Lookup | BaseException) -> tuple[list[str], Failure | None]:
    if isinstance(outcome, Lookup):
        return list(outcome.records), None
    if not isinstance(outcome, Exception):
        raise outcome
    reason = classify(outcome)
    if reason in _RAISED:
        raise outcome
    return [], Failure(reason=reason, message=describe(outcome))
