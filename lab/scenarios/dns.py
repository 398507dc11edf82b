"""The DNS part: name servers over IPv6 (healthy, only one, silent, IPv4-only, IPv6-only, lame,
stale), bogus AAAA of every kind, CNAMEs into CDN-like zones, mail exchangers, and a delegation
chain that breaks over IPv6 at a middle zone cut.

Address blocks of this part: 3ffe:501:30:: to 3ffe:501:3f:: (each a /48) and 11.30/16 to
11.39/16. Zones: names ending in ``.dnstest.lab`` and ``*-dns.lab``. Vantages: ``cli`` and
``cli4`` of the base part. Special-purpose addresses appear only as published records whose
detection is tested; nothing is ever sent to them.
"""

from __future__ import annotations

from lab.cases import Case, assemble
from lab.spec import NameServer, Scenario, Zone

HEALTHY = "healthy.dnstest.lab"
GOOD_NS = ("ns1.healthy.dnstest.lab", "ns2.healthy.dnstest.lab")

# the full picture of a healthy name, and of a name whose mail is healthy
ALL_PASS = {
    "dns.aaaa": "pass",
    "dns.aaaa.valid": "pass",
    "dns.cname6": "not_applicable",
    "dns.ns.aaaa": "pass",
    "dns.ns.reach6": "pass",
    "dns.delegation6": "pass",
    "mail.mx.aaaa": "not_applicable",
}

BOGUS_AAAA = {
    "doc": "2001:db8::80",
    "doc3fff": "3fff::80",
    "ula": "fd30::80",
    "mapped": "::ffff:11.30.0.80",
    "compat": "::11.30.0.80",
    "sixtofour": "2002:b1e:50::80",
    "teredo": "2001:0:b1e:50::80",
    "nat64": "64:ff9b::b1e:50",
    "nat64local": "64:ff9b:1::b1e:50",
    "linklocal": "fe80::80",
    "sitelocal": "fec0::80",
    "loopback": "::1",
    "multicast": "ff0e::80",
}


def _healthy_cases() -> list[Case]:
    """Names of the healthy zone: mail, bogus AAAA and CNAME chains."""
    web = ("3ffe:501:30::80", "11.30.0.80")
    no_ipv6 = "error/no_local_ipv6"
    return [
        Case(
            HEALTHY,
            web,
            records=("@ MX 10 mx6",),
            expect={**ALL_PASS, "mail.mx.aaaa": "pass"},
            expect_from={"cli4": {"mail.mx.aaaa": "pass"}},
        ),
        Case(
            f"www.{HEALTHY}",
            web,
            expect=ALL_PASS,
            # an IPv4-only vantage: DNS data is judged as anywhere, IPv6 exchanges cannot be had
            expect_from={
                "cli4": {**ALL_PASS, "dns.ns.reach6": no_ipv6, "dns.delegation6": no_ipv6}
            },
        ),
        # mail
        Case(f"mx6.{HEALTHY}", ("3ffe:501:30::25", "11.30.0.25")),
        Case(f"mx4.{HEALTHY}", ("11.30.0.26",)),
        Case(
            f"mail4.{HEALTHY}",
            records=("mail4 MX 10 mx6", "mail4 MX 20 mx4"),
            expect={"mail.mx.aaaa": "fail"},
        ),
        Case(
            f"nullmx.{HEALTHY}",
            records=("nullmx MX 0 .",),
            expect={"mail.mx.aaaa": "not_applicable"},
        ),
        # bogus AAAA: no usable IPv6 address, so dns.aaaa fails naming each block (an AAAA
        # that leads over IPv4 or nowhere is no AAAA to an IPv6-only user); dns.aaaa.valid
        # names them too. Beside a usable one (mixed), dns.aaaa passes.
        *(
            Case(
                f"{name}.{HEALTHY}",
                (address,),
                expect={"dns.aaaa": "fail", "dns.aaaa.valid": "fail"},
            )
            for name, address in BOGUS_AAAA.items()
        ),
        Case(
            f"mixed.{HEALTHY}",
            ("3ffe:501:30::80", "fd30::80"),
            expect={"dns.aaaa": "pass", "dns.aaaa.valid": "fail"},
        ),
        Case(
            f"natted.{HEALTHY}",
            ("3ffe:501:30::80", "10.30.0.80", "100.64.30.80"),
            expect={"dns.aaaa.valid": "pass"},
        ),
        # CNAME chains
        Case(
            f"tocdn6.{HEALTHY}",
            records=("tocdn6 CNAME edge.cdn6-dns.lab.",),
            expect={**ALL_PASS, "dns.cname6": "pass"},
        ),
        Case(
            f"twohop.{HEALTHY}",
            records=("twohop CNAME tocdn6",),
            expect={"dns.aaaa": "pass", "dns.cname6": "pass"},
        ),
        Case(
            f"tocdn4.{HEALTHY}",
            records=("tocdn4 CNAME edge.cdn4-dns.lab.",),
            expect={"dns.aaaa": "fail", "dns.cname6": "fail", "dns.ns.aaaa": "pass"},
        ),
        Case(
            f"tov4ns.{HEALTHY}",
            records=("tov4ns CNAME www.v4only.dnstest.lab.",),
            expect={
                "dns.aaaa": "pass",
                "dns.cname6": "pass",
                "dns.ns.aaaa": "fail",
                "dns.ns.reach6": "fail",
                "dns.delegation6": "fail",
            },
        ),
        Case(
            f"dangling.{HEALTHY}",
            records=("dangling CNAME gone.cdn6-dns.lab.",),
            expect={"dns.aaaa": "error/nxdomain", "dns.cname6": "fail"},
        ),
        Case(
            f"loop1.{HEALTHY}",
            records=("loop1 CNAME loop2", "loop2 CNAME loop1"),
            expect={"dns.aaaa": "error/servfail", "dns.cname6": "fail"},
        ),
    ]


def _name_server_cases() -> list[Case]:
    """CDN-like zones, and zones whose name servers fail over IPv6 each their own way."""
    no_ipv6 = "error/no_local_ipv6"
    return [
        # CDN-like zones sharing two dual-stack servers (named outside cdn4-dns.lab: no glue)
        Case(
            "edge.cdn6-dns.lab",
            ("3ffe:501:31::80", "11.31.0.80"),
            zones=(Zone("cdn6-dns.lab"),),
        ),
        Case("edge.cdn4-dns.lab", ("11.32.0.80",), zones=(Zone("cdn4-dns.lab"),)),
        # one6: the second server is IPv4-only
        Case(
            "www.one6.dnstest.lab",
            ("3ffe:501:33::80", "11.33.0.80"),
            nameservers=(
                NameServer("ns2.one6.dnstest.lab", ("11.33.0.54",), ("one6.dnstest.lab",)),
            ),
            zones=(Zone("one6.dnstest.lab"),),
            expect={**ALL_PASS, "dns.ns.aaaa": "fail"},
        ),
        # silent: the second server's AAAA leads nowhere; dead6 has only that server
        Case(
            "www.silent.dnstest.lab",
            ("3ffe:501:34::80", "11.34.0.80"),
            nameservers=(
                NameServer(
                    "ns2.silent.dnstest.lab",
                    ("11.34.0.54",),
                    ("silent.dnstest.lab", "dead6.dnstest.lab"),
                    silent=("3ffe:501:34::54",),
                ),
            ),
            zones=(Zone("silent.dnstest.lab"),),
            expect={**ALL_PASS, "dns.ns.reach6": "fail"},
        ),
        Case(
            "www.dead6.dnstest.lab",
            ("3ffe:501:34:1::80", "11.34.1.80"),
            zones=(Zone("dead6.dnstest.lab"),),
            expect={"dns.ns.aaaa": "fail", "dns.ns.reach6": "fail", "dns.delegation6": "fail"},
        ),
        # IPv6-only servers, as the 2023 opinion asks of new infrastructure: nothing to compare
        # over IPv4, and nothing claimed about it
        Case(
            "www.v6only.dnstest.lab",
            ("3ffe:501:39::80", "11.39.0.80"),
            nameservers=(
                NameServer("ns1.v6only.dnstest.lab", ("3ffe:501:39::53",), ("v6only.dnstest.lab",)),
                NameServer("ns2.v6only.dnstest.lab", ("3ffe:501:39::54",), ("v6only.dnstest.lab",)),
            ),
            zones=(Zone("v6only.dnstest.lab"),),
            expect=ALL_PASS,
        ),
        # IPv4-only servers, also of broken.dnstest.lab: the middle cut of a longer chain
        Case(
            "www.v4only.dnstest.lab",
            ("3ffe:501:35::80", "11.35.0.80"),
            nameservers=(
                NameServer(
                    "ns1.v4only.dnstest.lab",
                    ("11.35.0.53",),
                    ("v4only.dnstest.lab", "broken.dnstest.lab"),
                ),
                NameServer(
                    "ns2.v4only.dnstest.lab",
                    ("11.35.0.54",),
                    ("v4only.dnstest.lab", "broken.dnstest.lab"),
                ),
            ),
            zones=(Zone("v4only.dnstest.lab"),),
            expect={
                **ALL_PASS,
                "dns.ns.aaaa": "fail",
                "dns.ns.reach6": "fail",
                "dns.delegation6": "fail",
            },
            # no IPv6 name-server address at all: a fact of the published data on any vantage
            expect_from={
                "cli4": {
                    "dns.ns.aaaa": "fail",
                    "dns.ns.reach6": "fail",
                    "dns.delegation6": no_ipv6,
                }
            },
        ),
        # a dual-stack zone below the IPv4-only cut: its delegation breaks over IPv6
        Case(
            "www.leaf.broken.dnstest.lab",
            ("3ffe:501:38::80", "11.38.0.80"),
            zones=(Zone("broken.dnstest.lab"), Zone("leaf.broken.dnstest.lab")),
            expect={**ALL_PASS, "dns.delegation6": "fail"},
            expect_from={
                "cli4": {
                    "dns.ns.aaaa": "pass",
                    "dns.ns.reach6": no_ipv6,
                    "dns.delegation6": no_ipv6,
                }
            },
        ),
        # lame: ns2 is named for the zone but loads nothing, so it answers REFUSED. (A server
        # named for a child zone while loading only the parent answers with a referral, but
        # that makes the resolver's own NS answers for the child come and go, so such lameness
        # is tested without the resolver, in tests/probes.)
        Case(
            "www.lame.dnstest.lab",
            ("3ffe:501:36::80", "11.36.0.80"),
            nameservers=(
                NameServer(
                    "ns1.lame.dnstest.lab",
                    ("3ffe:501:36::53", "11.36.0.53"),
                    ("lame.dnstest.lab",),
                ),
                NameServer(
                    "ns2.lame.dnstest.lab",
                    ("3ffe:501:36::54", "11.36.0.54"),
                    (),
                    lame=("lame.dnstest.lab",),
                ),
            ),
            zones=(Zone("lame.dnstest.lab"),),
            expect={**ALL_PASS, "dns.ns.reach6": "fail"},
        ),
        # serial: ns1's IPv6 instance serves a newer copy than its IPv4 one
        Case(
            "www.serial.dnstest.lab",
            ("3ffe:501:37::80", "11.37.0.80"),
            nameservers=(
                NameServer(
                    "ns1.serial.dnstest.lab", ("11.37.0.53",), ("serial.dnstest.lab",), serial=1
                ),
                NameServer(
                    "ns1.serial.dnstest.lab",
                    ("3ffe:501:37::53",),
                    ("serial.dnstest.lab",),
                    serial=2,
                ),
                NameServer(
                    "ns2.serial.dnstest.lab",
                    ("3ffe:501:37::54", "11.37.0.54"),
                    ("serial.dnstest.lab",),
                    serial=1,
                ),
            ),
            zones=(Zone("serial.dnstest.lab"),),
            expect={**ALL_PASS, "dns.ns.reach6": "fail"},
        ),
    ]


def dns_scenario() -> Scenario:
    """Name servers, addresses and mail, each way they go wrong over IPv6."""
    return assemble(
        "dns",
        [*_healthy_cases(), *_name_server_cases()],
        nameservers=[
            # serves every zone that needs a working dual-stack server besides its own
            NameServer(
                GOOD_NS[0],
                ("3ffe:501:30::53", "11.30.0.53"),
                (HEALTHY, "one6.dnstest.lab", "silent.dnstest.lab", "leaf.broken.dnstest.lab"),
            ),
            NameServer(
                GOOD_NS[1],
                ("3ffe:501:30::54", "11.30.0.54"),
                (HEALTHY, "leaf.broken.dnstest.lab"),
            ),
            NameServer(
                "ns1.cdn6-dns.lab",
                ("3ffe:501:31::53", "11.31.0.53"),
                ("cdn6-dns.lab", "cdn4-dns.lab"),
            ),
            NameServer(
                "ns2.cdn6-dns.lab",
                ("3ffe:501:31::54", "11.31.0.54"),
                ("cdn6-dns.lab", "cdn4-dns.lab"),
            ),
        ],
        zones=[Zone(HEALTHY)],
        vantages=[],
    )
