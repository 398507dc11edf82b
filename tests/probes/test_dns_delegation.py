"""The delegation walk's logic against a fake network: referrals, glue, breaks, fallbacks;
and the probe on the fake world, from the root hints down."""

from __future__ import annotations

import asyncio

import dns.flags
import dns.message
import dns.rcode
import dns.rrset
import pytest

from tests.probes.fakes import HOST, V6, NameServer, World, add_referral, run_probe
from v6audit.probes import dns_delegation
from v6audit.probes.dns_answers import ServerAnswer
from v6audit.probes.dns_delegation import (
    DelegationProbe,
    Final,
    NameWalk,
    Referral,
    interpret,
    walk,
)
from v6audit.probes.model import Failure, Reason, reason_of
from v6audit.probes.net.roothints import RootServer

ROOTS = [("a.root", ["2001:db8:ffff::1"])]  # documentation space: the fake never sends


def _reply(asked: str, authoritative: bool = False) -> dns.message.Message:
    reply = dns.message.make_response(dns.message.make_query(asked + ".", "NS"))
    if authoritative:
        reply.flags |= dns.flags.AA
    return reply


def referral(asked: str, child: str, servers: dict[str, list[str]]) -> dns.message.Message:
    return add_referral(_reply(asked), child, servers)


def final(asked: str, nxdomain: bool = False) -> dns.message.Message:
    reply = _reply(asked, authoritative=True)
    if nxdomain:
        reply.set_rcode(dns.rcode.NXDOMAIN)
    return reply


Outcome = dns.message.Message | Reason


class FakeNetwork:
    def __init__(self, replies: dict[tuple[str, str], Outcome], names: dict[str, list[str]]):
        self.replies = replies
        self.names = names
        self.asked: list[tuple[str, str]] = []

    async def ask(
        self, nameserver: str, address: str, name: str
    ) -> tuple[ServerAnswer, dns.message.Message | None]:
        self.asked.append((address, name))
        outcome = self.replies.get((address, name), Reason.TIMEOUT)
        if isinstance(outcome, Reason):
            failure = Failure(reason=outcome)
            return ServerAnswer(nameserver=nameserver, address=address, failure=failure), None
        answer = ServerAnswer(
            nameserver=nameserver,
            address=address,
            rcode=dns.rcode.to_text(outcome.rcode()),
            authoritative=bool(outcome.flags & dns.flags.AA),
        )
        return answer, outcome

    async def ipv6_of(self, nameserver: str) -> list[str]:
        return self.names.get(nameserver, [])


def _walk(net: FakeNetwork, host: str = "www.example.cn") -> NameWalk:
    return asyncio.run(walk(net, host, ROOTS))


ROOT, CN, EXAMPLE = "2001:db8:ffff::1", "2001:db8:c::1", "2001:db8:e::1"
TO_CN = {(ROOT, "cn"): referral("cn", "cn", {"a.dns.cn": [CN, "192.0.2.1"]})}


def test_healthy_chain_is_followed_cut_by_cut() -> None:
    net = FakeNetwork(
        {
            **TO_CN,
            (CN, "example.cn"): referral("example.cn", "example.cn", {"ns.example.cn": [EXAMPLE]}),
            (EXAMPLE, "www.example.cn"): final("www.example.cn"),
        },
        {},
    )
    walked = _walk(net)
    assert walked.complete
    assert [(c.zone, c.ipv6) for c in walked.cuts] == [
        (".", [ROOT]),
        ("cn", [CN]),
        ("example.cn", [EXAMPLE]),
    ]
    assert net.asked == [(ROOT, "cn"), (CN, "example.cn"), (EXAMPLE, "www.example.cn")]


def test_each_reply_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first address's reply used to be read twice: a cost every target paid again for the
    referrals it shares with the others (the replies are cached, the reading was not)."""
    read: list[str] = []

    def reading(message: dns.message.Message, zone: str, asked: str) -> Referral | Final | None:
        read.append(asked)
        return interpret(message, zone, asked)

    monkeypatch.setattr(dns_delegation, "interpret", reading)
    net = FakeNetwork(
        {
            **TO_CN,
            (CN, "example.cn"): referral("example.cn", "example.cn", {"ns.example.cn": [EXAMPLE]}),
            (EXAMPLE, "www.example.cn"): final("www.example.cn"),
        },
        {},
    )
    assert _walk(net).complete
    assert read == ["cn", "example.cn", "www.example.cn"]


def test_only_ipv4_glue_for_servers_inside_the_zone_breaks_at_that_cut() -> None:
    net = FakeNetwork(
        {
            **TO_CN,
            (CN, "example.cn"): referral(
                "example.cn", "example.cn", {"ns.example.cn": ["192.0.2.53"]}
            ),
        },
        {"ns.example.cn": [EXAMPLE]},  # never consulted: only glue can say where it is
    )
    walked = _walk(net)
    assert not walked.complete
    assert (walked.cuts[-1].zone, walked.cuts[-1].ipv6) == ("example.cn", [])


def test_servers_named_outside_the_zone_are_looked_up() -> None:
    net = FakeNetwork(
        {
            **TO_CN,
            (CN, "example.cn"): referral("example.cn", "example.cn", {"ns.host.net": []}),
            (EXAMPLE, "www.example.cn"): final("www.example.cn"),
        },
        {"ns.host.net": [EXAMPLE]},
    )
    assert _walk(net).complete


def test_after_the_first_address_fails_the_others_are_tried() -> None:
    dead, alive = "2001:db8:c::dead", CN
    net = FakeNetwork(
        {
            (ROOT, "cn"): referral("cn", "cn", {"a.dns.cn": [dead], "b.dns.cn": [alive]}),
            (alive, "example.cn"): final("example.cn", nxdomain=True),
        },
        {},
    )
    walked = _walk(net)
    assert walked.complete  # NXDOMAIN from the zone: the chain itself works
    assert [(a.address, reason_of(a.failure)) for a in walked.cuts[-1].answers] == [
        (dead, Reason.TIMEOUT),
        (alive, None),
    ]


def test_every_address_failing_breaks_at_that_zone() -> None:
    net = FakeNetwork(
        {
            (ROOT, "cn"): referral("cn", "cn", {"a.dns.cn": [CN], "b.dns.cn": ["2001:db8:c::2"]}),
            (CN, "example.cn"): _reply("example.cn"),  # lame: no authority, no referral
        },
        {},
    )
    walked = _walk(net)
    assert not walked.complete
    assert walked.cuts[-1].zone == "cn"
    assert len(walked.cuts[-1].answers) == 2


def test_empty_non_terminals_are_passed_label_by_label() -> None:
    deep = "www.a.b.example.cn"
    net = FakeNetwork(
        {
            **TO_CN,
            (CN, "example.cn"): referral("example.cn", "example.cn", {"ns.example.cn": [EXAMPLE]}),
            (EXAMPLE, "b.example.cn"): final("b.example.cn"),
            (EXAMPLE, "a.b.example.cn"): referral(
                "a.b.example.cn", "a.b.example.cn", {"ns.a.b.example.cn": ["2001:db8:ab::1"]}
            ),
            ("2001:db8:ab::1", deep): final(deep),
        },
        {},
    )
    walked = _walk(net, deep)
    assert walked.complete
    assert [c.zone for c in walked.cuts] == [".", "cn", "example.cn", "a.b.example.cn"]


def test_a_host_that_is_a_zone_apex_is_asked_of_its_own_servers() -> None:
    net = FakeNetwork(
        {
            **TO_CN,
            (CN, "example.cn"): referral("example.cn", "example.cn", {"ns.example.cn": [EXAMPLE]}),
            (EXAMPLE, "example.cn"): final("example.cn"),
        },
        {},
    )
    walked = _walk(net, "example.cn")
    assert walked.complete
    assert net.asked[-1] == (EXAMPLE, "example.cn")


def test_interpret_ignores_upward_referrals_and_foreign_glue() -> None:
    upward = referral("example.cn", "cn", {"a.dns.cn": [CN]})
    assert interpret(upward, "cn", "example.cn") is None
    foreign = referral("example.cn", "example.cn", {"ns.example.cn": [EXAMPLE]})
    assert interpret(foreign, "net", "example.cn") is None  # not below the zone asked
    step = interpret(foreign, "cn", "example.cn")
    assert step == Referral("example.cn", ("ns.example.cn",), {"ns.example.cn": [EXAMPLE]})
    offsite = referral("example.cn", "example.cn", {"ns.example.net": [EXAMPLE]})
    assert interpret(offsite, "cn", "example.cn") == Referral(
        "example.cn", ("ns.example.net",), {}
    )  # glue for a name the cn servers are not authoritative for is not believed
    refused = _reply("example.cn", authoritative=True)
    refused.set_rcode(dns.rcode.REFUSED)
    assert interpret(refused, "cn", "example.cn") is None
    assert interpret(final("example.cn"), "cn", "example.cn") == Final(nxdomain=False)


ROOT6, CN6, ZONE6 = "3ffe:501:ff::1", "3ffe:501:ff::2", "3ffe:501:10::53"


def delegated_world(zone_glue: list[str]) -> World:
    """Root, ``cn`` and ``example.cn`` servers, ``example.cn`` glued with ``zone_glue``."""
    world = World(roots=(RootServer("a.root-servers.net", (ROOT6, "11.255.1.1")),))
    world.name_servers[ROOT6] = NameServer(".", delegations={"cn": {"a.dns.cn": [CN6]}})
    world.name_servers[CN6] = NameServer(
        "cn", delegations={"example.cn": {"ns1.example.cn": zone_glue}}
    )
    world.name_servers[ZONE6] = NameServer(
        "example.cn", {("www.example.cn", "AAAA"): [V6], ("cdn.example.cn", "AAAA"): [V6]}
    )
    world.host(HOST, aaaa=[V6])
    return world


def test_the_probe_walks_from_the_root_hints_to_the_host() -> None:
    found = run_probe(DelegationProbe(), HOST, delegated_world([ZONE6, "11.10.0.53"]).context())
    (host,) = found.walks
    assert host.complete
    assert [(cut.zone, cut.ipv6) for cut in host.cuts] == [
        (".", [ROOT6]),
        ("cn", [CN6]),
        ("example.cn", [ZONE6]),
    ]


def test_the_probe_breaks_at_a_zone_with_ipv4_glue_only() -> None:
    found = run_probe(DelegationProbe(), HOST, delegated_world(["11.10.0.53"]).context())
    (host,) = found.walks
    assert not host.complete
    assert host.cuts[-1].zone == "example.cn"
    assert host.cuts[-1].ipv6 == []


def test_the_probe_walks_every_name_of_the_cname_chain() -> None:
    world = delegated_world([ZONE6])
    world.records.pop((HOST, "AAAA"))
    world.records.pop((HOST, "A"))
    world.cname(HOST, "cdn.example.cn")
    world.host("cdn.example.cn", aaaa=[V6])
    found = run_probe(DelegationProbe(), HOST, world.context())
    assert [(w.name, w.complete) for w in found.walks] == [(HOST, True), ("cdn.example.cn", True)]
