"""vantage.reflector on the fake world: what the reflector sees over HTTP and STUN, per family."""

from __future__ import annotations

from tests.probes.fakes import (
    LOCAL4,
    LOCAL6,
    VANTAGE,
    Responder,
    World,
    run_probe,
    run_settings,
)
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net import stun
from v6audit.probes.vantage_reflect import ReflectorProbe

REFLECTOR = "http://reflector.example.cn:8080/"
REFLECTOR6, REFLECTOR4 = "3ffe:501:60::80", "11.60.0.80"
NAT4 = "11.99.0.7"


def stun_server(seen: str) -> Responder:
    return lambda request: stun.binding_response(request[8:20], seen, 40000)


def reflector_world() -> World:
    """The reflector sees the IPv6 source as it is and the IPv4 source behind a NAT."""
    world = World()
    world.host("reflector.example.cn", aaaa=[REFLECTOR6], a=[REFLECTOR4])
    for address, seen in ((REFLECTOR6, LOCAL6), (REFLECTOR4, NAT4)):
        world.page(REFLECTOR, address, body=f'{{"address": "{seen}"}}')
        world.udp[address, 8080] = stun_server(seen)
    return world


def test_each_family_over_http_and_stun() -> None:
    ctx = reflector_world().context(run_settings(reflector=REFLECTOR))
    found = run_probe(ReflectorProbe(), VANTAGE, ctx)
    assert found.configured
    for exchange in (found.http_over(6), found.stun_over(6)):
        assert (exchange.remote, exchange.local, exchange.seen) == (REFLECTOR6, LOCAL6, LOCAL6)
    for exchange in (found.http_over(4), found.stun_over(4)):
        assert (exchange.local, exchange.seen) == (LOCAL4, NAT4)


def test_failures_are_evidence_each_on_its_own() -> None:
    world = reflector_world()
    del world.udp[REFLECTOR6, 8080]
    world.page(REFLECTOR, REFLECTOR4, status=503)
    found = run_probe(ReflectorProbe(), VANTAGE, world.context(run_settings(reflector=REFLECTOR)))
    assert reason_of(found.stun_over(6).failure) is Reason.TIMEOUT
    assert reason_of(found.http_over(4).failure) is Reason.PROTOCOL
    assert found.http_over(6).seen == LOCAL6
    assert found.stun_over(4).seen == NAT4


def test_an_ipv4_only_vantage_and_no_reflector() -> None:
    world = reflector_world()
    world.ipv6 = False
    found = run_probe(ReflectorProbe(), VANTAGE, world.context(run_settings(reflector=REFLECTOR)))
    assert (
        reason_of(found.http_over(6).failure)
        is reason_of(found.stun_over(6).failure)
        is Reason.NO_LOCAL_IPV6
    )
    assert found.http_over(4).seen == NAT4
    assert not run_probe(ReflectorProbe(), VANTAGE, World().context()).configured
