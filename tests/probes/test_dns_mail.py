"""dns.mx on the fake world: exchangers with their addresses, a dead one, a null MX."""

from __future__ import annotations

from tests.probes.fakes import World, run_probe
from v6audit.probes.dns_mail import MailExchangersProbe
from v6audit.probes.model import Reason, reason_of

DOMAIN = "example.cn"


def test_exchangers_in_preference_order_with_their_addresses() -> None:
    world = World()
    world.record(DOMAIN, "MX", "20 mx2.example.cn.", "10 MX1.example.cn.")
    world.host("mx1.example.cn", aaaa=["3ffe:501:10::25"], a=["11.10.0.25"])
    found = run_probe(MailExchangersProbe(), DOMAIN, world.context())
    assert not found.null_mx
    assert [(mx.preference, mx.server.name) for mx in found.exchangers] == [
        (10, "mx1.example.cn"),
        (20, "mx2.example.cn"),
    ]
    first, second = (mx.server for mx in found.exchangers)
    assert (first.aaaa, first.a) == (["3ffe:501:10::25"], ["11.10.0.25"])
    assert (second.aaaa, reason_of(second.aaaa_failure), reason_of(second.a_failure)) == (
        [],
        Reason.NXDOMAIN,
        Reason.NXDOMAIN,
    )


def test_a_null_mx_declares_no_mail() -> None:
    world = World()
    world.record(DOMAIN, "MX", "0 .")
    found = run_probe(MailExchangersProbe(), DOMAIN, world.context())
    assert (found.null_mx, found.exchangers) == (True, [])


def test_a_domain_without_mx_has_no_exchangers() -> None:
    world = World()
    world.host(DOMAIN, a=["11.10.0.80"])
    found = run_probe(MailExchangersProbe(), DOMAIN, world.context())
    assert (found.null_mx, found.exchangers) == (False, [])
