"""Each resolver the vantage uses, asked for AAAA directly over its own address family.

Some middleboxes and old resolvers drop or mangle AAAA queries, and an IPv6-only network needs a
resolver reachable over IPv6. So every configured resolver gets one AAAA query, sent to its
address (the family is the address's), and the answer code or the failure is recorded.
"""

from __future__ import annotations

import asyncio

import dns.message
import dns.rcode
import dns.rdatatype
from pydantic import Field

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.model import Failure, Observation, StoredFailure, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.endpoints import address_version
from v6audit.probes.net.errors import ProtocolError, describe, evidence_reason
from v6audit.probes.net.nat64 import DISCOVERY_NAME
from v6audit.probes.vantage_reference import reflector


class ResolverAnswer(Observation):
    server: str
    port: int
    version: int
    rcode: str | None = None
    aaaa: list[str] = Field(default_factory=list)
    failure: Failure | None = None

    stored_failures = (StoredFailure("failure", "error", "message"),)


class Resolvers(Observation):
    name: str
    """The name asked for: the reflector's, or ipv4only.arpa when the reflector is a literal."""
    answers: list[ResolverAnswer]


def read_answer(wire: bytes, query: dns.message.Message) -> tuple[str, list[str]]:
    """The rcode and AAAA records of a response to ``query``."""
    try:
        response = dns.message.from_wire(wire)
    except Exception as exc:  # dnspython raises many parse error types
        raise ProtocolError(f"not a DNS response ({describe(exc)})") from None
    if not query.is_response(response):
        raise ProtocolError("a DNS message that does not answer the query")
    records = [
        rdata.to_text()
        for rrset in response.answer
        if rrset.rdtype == dns.rdatatype.AAAA
        for rdata in rrset
    ]
    return dns.rcode.to_text(response.rcode()), sorted(records)


class ResolverProbe(Probe[Resolvers]):
    name = "vantage.resolver"
    observation_type = Resolvers

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Resolvers:
        endpoint = reflector(ctx)
        name = DISCOVERY_NAME
        if endpoint is not None and address_version(endpoint.host) is None:
            name = endpoint.host
        answers = await asyncio.gather(
            *(self._ask(ctx, server, port, name) for server, port in ctx.dns.servers)
        )
        return Resolvers(name=name, answers=list(answers))

    async def _ask(self, ctx: ProbeContext, server: str, port: int, name: str) -> ResolverAnswer:
        version = address_version(server) or 4
        query = dns.message.make_query(name + ".", "AAAA")
        try:
            ctx.routes.require_route(server)
            reply = await ctx.udp.exchange(
                server,
                port,
                query.to_wire(),
                accept=lambda data: data[:2] == query.to_wire()[:2],
                configured=True,
            )
            rcode, records = read_answer(reply.data, query)
        except Exception as exc:
            return ResolverAnswer(
                server=server,
                port=port,
                version=version,
                failure=Failure(reason=evidence_reason(exc), message=describe(exc)),
            )
        return ResolverAnswer(server=server, port=port, version=version, rcode=rcode, aaaa=records)
