"""mail.smtp6 on the fake world: every MX IPv6 address greeted, failures kept per address."""

from __future__ import annotations

from tests.probes.fakes import World, run_probe
from v6audit.probes.mail_smtp import MxSmtpProbe
from v6audit.probes.model import Reason, reason_of

DOMAIN = "example.cn"
MX6, DEAD6 = "3ffe:501:10::25", "3ffe:501:10::26"


def mail_world() -> World:
    world = World()
    world.record(DOMAIN, "MX", "10 mx1.example.cn.", "20 mx2.example.cn.")
    world.host("mx1.example.cn", aaaa=[MX6, DEAD6], a=["11.10.0.25"])
    world.host("mx2.example.cn", a=["11.10.0.26"])
    world.listen(MX6, 25, greeting="220 mx1.example.cn ESMTP")
    world.listen(DEAD6, 80)
    return world


def test_each_ipv6_address_of_each_mx_is_greeted() -> None:
    found = run_probe(MxSmtpProbe(), DOMAIN, mail_world().context())
    first, second = found.hosts
    assert [(g.address, g.banner, reason_of(g.failure)) for g in first.greetings] == [
        (MX6, "220 mx1.example.cn ESMTP", None),
        (DEAD6, None, Reason.REFUSED),
    ]
    assert (second.host, second.aaaa, second.greetings) == ("mx2.example.cn", [], [])


def test_a_null_mx_greets_nobody() -> None:
    world = World()
    world.record(DOMAIN, "MX", "0 .")
    found = run_probe(MxSmtpProbe(), DOMAIN, world.context())
    assert (found.null_mx, found.hosts) == (True, [])


def test_a_bogus_mx_address_is_refused_by_the_policy() -> None:
    world = mail_world()
    world.host("mx2.example.cn", aaaa=["::ffff:11.10.0.26"])
    _, second = run_probe(MxSmtpProbe(), DOMAIN, world.context()).hosts
    assert [reason_of(g.failure) for g in second.greetings] == [Reason.POLICY]
