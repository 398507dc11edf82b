"""One direct question to one name-server address, kept as data whatever happens.

Name-server checks judge each address separately (this one timed out, that one refused, a third
answered without authority), so an exchange that fails is an outcome to record, not a reason to
abandon the probe. Two failures are not about the server and are raised instead: the vantage
having no IPv6 at all (``no_local_ipv6``) and bugs (``internal``).

Addresses the run's policy finds unusable (a name server published at ``::1``, ``fe80::1`` or
``::ffff:11.1.0.53``) are never queried: a packet there would reach this machine or its own link,
or travel over IPv4, not to the target's server over IPv6.
"""

from __future__ import annotations

import dns.name
import dns.rdataclass
import dns.rdatatype

from v6audit.probes.model import Failure, Observation, Reason, StoredFailure
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.dnsclient import Reply, dns_name
from v6audit.probes.net.errors import classify, describe

_RAISED = frozenset({Reason.NO_LOCAL_IPV6, Reason.INTERNAL})


class ServerAnswer(Observation):
    nameserver: str
    address: str
    unusable: str | None = None
    """The special-purpose block (with its RFC) that kept the address from being queried."""
    failure: Failure | None = None
    """Why no reply was had (timeout, refused, unreachable, servfail for a malformed reply)."""
    rcode: str | None = None
    authoritative: bool = False
    serial: int | None = None
    """The zone's SOA serial, when the question was for it and the reply carried it."""
    tcp: bool = False
    """The UDP reply was truncated and the answer came over TCP."""

    stored_failures = (StoredFailure("failure", "reason", "message"),)


async def server_answer(
    ctx: ProbeContext, nameserver: str, address: str, name: str, rdtype: str
) -> tuple[ServerAnswer, Reply | None]:
    """Ask ``address`` (a server of ``nameserver``) for ``name``/``rdtype``: the outcome as
    data, and the reply itself when there was one."""
    found = ctx.gate.policy.unusable(address)
    if found is not None:
        return ServerAnswer(nameserver=nameserver, address=address, unusable=found.why), None
    try:
        ctx.routes.require_route(address)
        reply = await ctx.dns.ask(address, name, rdtype)
    except Exception as exc:
        reason = classify(exc)
        if reason in _RAISED:
            raise
        answer = ServerAnswer(
            nameserver=nameserver,
            address=address,
            failure=Failure(reason=reason, message=describe(exc)),
        )
        return answer, None
    answer = ServerAnswer(
        nameserver=nameserver,
        address=address,
        rcode=reply.rcode,
        authoritative=reply.authoritative,
        serial=soa_serial(reply, name) if rdtype == "SOA" else None,
        tcp=reply.tcp,
    )
    return answer, reply


def soa_serial(reply: Reply, zone: str) -> int | None:
    rrset = reply.message.get_rrset(
        reply.message.answer,
        dns_name(zone),
        dns.rdataclass.IN,
        dns.rdatatype.SOA,
    )
    return int(rrset[0].serial) if rrset else None
