"""vantage.resolver on the fake world: each resolver asked for AAAA over its own family."""

from __future__ import annotations

import dns.message
import dns.rcode
import dns.rrset

from tests.probes.fakes import VANTAGE, Responder, World, run_probe, run_settings
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.vantage_resolver import ResolverProbe

RESOLVER6, RESOLVER4 = "3ffe:501:ff::53", "11.255.0.53"
REFLECTOR6 = "3ffe:501:60::80"


def resolver(aaaa: list[str], rcode: dns.rcode.Rcode = dns.rcode.NOERROR) -> Responder:
    def answer(request: bytes) -> bytes:
        query = dns.message.from_wire(request)
        response = dns.message.make_response(query)
        response.set_rcode(rcode)
        name = query.question[0].name
        for address in aaaa:
            response.answer.append(dns.rrset.from_text(name, 30, "IN", "AAAA", address))
        return response.to_wire()

    return answer


def test_each_resolver_answers_the_reflector_name() -> None:
    world = World(resolvers=[(RESOLVER6, 53), (RESOLVER4, 53)])
    world.udp[RESOLVER6, 53] = resolver([REFLECTOR6])
    world.udp[RESOLVER4, 53] = resolver([], dns.rcode.SERVFAIL)
    ctx = world.context(run_settings(reflector="http://reflector.example.cn:8080/"))
    found = run_probe(ResolverProbe(), VANTAGE, ctx)
    assert found.name == "reflector.example.cn"
    assert [(a.server, a.version, a.rcode, a.aaaa) for a in found.answers] == [
        (RESOLVER6, 6, "NOERROR", [REFLECTOR6]),
        (RESOLVER4, 4, "SERVFAIL", []),
    ]


def test_a_silent_resolver_and_one_that_answers_garbage() -> None:
    world = World(resolvers=[(RESOLVER6, 53), (RESOLVER4, 53)])
    world.udp[RESOLVER4, 53] = lambda request: request[:2] + b"garbage"
    found = run_probe(ResolverProbe(), VANTAGE, world.context())
    assert found.name == "ipv4only.arpa"
    assert [(a.version, reason_of(a.failure)) for a in found.answers] == [
        (6, Reason.TIMEOUT),
        (4, Reason.PROTOCOL),
    ]
