"""The DNS part: name servers over IPv6 (healthy, only one, silent, IPv4-only, lame, stale),
bogus AAAA of every kind, CNAMEs into CDN-like zones, mail exchangers, and a delegation chain
that breaks over IPv6 at a middle zone cut.

Address blocks of this part: 3ffe:501:30:: to 3ffe:501:3f:: (each a /48) and 11.30/16 to
11.39/16. Zones: names ending in ``.dnstest.lab`` and ``*-dns.lab``. Vantages: ``cli`` and
``cli4`` of the base part. Special-purpose addresses appear only as published records whose
detection is tested; nothing is ever sent to them.
"""

from __future__ import annotations

from lab.spec import Expect, NameServer, Scenario, Zone

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


def _name_servers() -> list[NameServer]:
    return [
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
        # CDN-like zones sharing two dual-stack servers (named outside cdn4-dns.lab: no glue)
        NameServer(
            "ns1.cdn6-dns.lab", ("3ffe:501:31::53", "11.31.0.53"), ("cdn6-dns.lab", "cdn4-dns.lab")
        ),
        NameServer(
            "ns2.cdn6-dns.lab", ("3ffe:501:31::54", "11.31.0.54"), ("cdn6-dns.lab", "cdn4-dns.lab")
        ),
        # one6: the second server is IPv4-only
        NameServer("ns2.one6.dnstest.lab", ("11.33.0.54",), ("one6.dnstest.lab",)),
        # silent: the second server's AAAA leads nowhere; dead6 has only that server
        NameServer(
            "ns2.silent.dnstest.lab",
            ("11.34.0.54",),
            ("silent.dnstest.lab", "dead6.dnstest.lab"),
            silent=("3ffe:501:34::54",),
        ),
        # IPv4-only servers, also of broken.dnstest.lab: the middle cut of a longer chain
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
        # lame: ns2 is named for the zone but loads nothing, so it answers REFUSED. (A server
        # named for a child zone while loading only the parent answers with a referral, but
        # that makes the resolver's own NS answers for the child come and go, so such lameness
        # is tested without the resolver, in tests/probes.)
        NameServer(
            "ns1.lame.dnstest.lab", ("3ffe:501:36::53", "11.36.0.53"), ("lame.dnstest.lab",)
        ),
        NameServer(
            "ns2.lame.dnstest.lab",
            ("3ffe:501:36::54", "11.36.0.54"),
            (),
            lame=("lame.dnstest.lab",),
        ),
        # serial: ns1's IPv6 instance serves a newer copy than its IPv4 one
        NameServer("ns1.serial.dnstest.lab", ("11.37.0.53",), ("serial.dnstest.lab",), serial=1),
        NameServer(
            "ns1.serial.dnstest.lab", ("3ffe:501:37::53",), ("serial.dnstest.lab",), serial=2
        ),
        NameServer(
            "ns2.serial.dnstest.lab",
            ("3ffe:501:37::54", "11.37.0.54"),
            ("serial.dnstest.lab",),
            serial=1,
        ),
    ]


def _zones() -> list[Zone]:
    web = ("AAAA 3ffe:501:30::80", "A 11.30.0.80")
    return [
        Zone(
            HEALTHY,
            (
                *(f"@ {record}" for record in web),
                "@ MX 10 mx6",
                *(f"www {record}" for record in web),
                "mx6 AAAA 3ffe:501:30::25",
                "mx6 A 11.30.0.25",
                "mx4 A 11.30.0.26",
                "mail4 MX 10 mx6",
                "mail4 MX 20 mx4",
                "nullmx MX 0 .",
                *(f"{name} AAAA {address}" for name, address in BOGUS_AAAA.items()),
                "mixed AAAA 3ffe:501:30::80",
                "mixed AAAA fd30::80",
                "natted AAAA 3ffe:501:30::80",
                "natted A 10.30.0.80",
                "natted A 100.64.30.80",
                "tocdn6 CNAME edge.cdn6-dns.lab.",
                "twohop CNAME tocdn6",
                "tocdn4 CNAME edge.cdn4-dns.lab.",
                "tov4ns CNAME www.v4only.dnstest.lab.",
                "dangling CNAME gone.cdn6-dns.lab.",
                "loop1 CNAME loop2",
                "loop2 CNAME loop1",
            ),
        ),
        Zone("cdn6-dns.lab", ("edge AAAA 3ffe:501:31::80", "edge A 11.31.0.80")),
        Zone("cdn4-dns.lab", ("edge A 11.32.0.80",)),
        Zone("one6.dnstest.lab", ("www AAAA 3ffe:501:33::80", "www A 11.33.0.80")),
        Zone("silent.dnstest.lab", ("www AAAA 3ffe:501:34::80", "www A 11.34.0.80")),
        Zone("dead6.dnstest.lab", ("www AAAA 3ffe:501:34:1::80", "www A 11.34.1.80")),
        Zone("v4only.dnstest.lab", ("www AAAA 3ffe:501:35::80", "www A 11.35.0.80")),
        Zone("broken.dnstest.lab"),
        Zone("leaf.broken.dnstest.lab", ("www AAAA 3ffe:501:38::80", "www A 11.38.0.80")),
        Zone("lame.dnstest.lab", ("www AAAA 3ffe:501:36::80", "www A 11.36.0.80")),
        Zone("serial.dnstest.lab", ("www AAAA 3ffe:501:37::80", "www A 11.37.0.80")),
    ]


def _expectations() -> list[Expect]:
    no_ipv6 = "error/no_local_ipv6"
    return [
        Expect(f"www.{HEALTHY}", ALL_PASS),
        Expect(HEALTHY, {**ALL_PASS, "mail.mx.aaaa": "pass"}),
        # mail
        Expect(f"mail4.{HEALTHY}", {"mail.mx.aaaa": "fail"}),
        Expect(f"nullmx.{HEALTHY}", {"mail.mx.aaaa": "not_applicable"}),
        # bogus AAAA: no usable IPv6 address, so dns.aaaa fails naming each block (an AAAA
        # that leads over IPv4 or nowhere is no AAAA to an IPv6-only user); dns.aaaa.valid
        # names them too. Beside a usable one (mixed), dns.aaaa passes.
        *(
            Expect(f"{name}.{HEALTHY}", {"dns.aaaa": "fail", "dns.aaaa.valid": "fail"})
            for name in BOGUS_AAAA
        ),
        Expect(f"mixed.{HEALTHY}", {"dns.aaaa": "pass", "dns.aaaa.valid": "fail"}),
        Expect(f"natted.{HEALTHY}", {"dns.aaaa.valid": "pass"}),
        # CNAME chains
        Expect(
            f"tocdn6.{HEALTHY}",
            {**ALL_PASS, "dns.cname6": "pass"},
        ),
        Expect(f"twohop.{HEALTHY}", {"dns.aaaa": "pass", "dns.cname6": "pass"}),
        Expect(
            f"tocdn4.{HEALTHY}",
            {"dns.aaaa": "fail", "dns.cname6": "fail", "dns.ns.aaaa": "pass"},
        ),
        Expect(
            f"tov4ns.{HEALTHY}",
            {
                "dns.aaaa": "pass",
                "dns.cname6": "pass",
                "dns.ns.aaaa": "fail",
                "dns.ns.reach6": "fail",
                "dns.delegation6": "fail",
            },
        ),
        Expect(f"dangling.{HEALTHY}", {"dns.aaaa": "error/nxdomain", "dns.cname6": "fail"}),
        Expect(f"loop1.{HEALTHY}", {"dns.aaaa": "error/servfail", "dns.cname6": "fail"}),
        # name servers
        Expect(
            "www.one6.dnstest.lab",
            {**ALL_PASS, "dns.ns.aaaa": "fail"},
        ),
        Expect(
            "www.silent.dnstest.lab",
            {**ALL_PASS, "dns.ns.reach6": "fail"},
        ),
        Expect(
            "www.dead6.dnstest.lab",
            {"dns.ns.aaaa": "fail", "dns.ns.reach6": "fail", "dns.delegation6": "fail"},
        ),
        Expect(
            "www.v4only.dnstest.lab",
            {
                **ALL_PASS,
                "dns.ns.aaaa": "fail",
                "dns.ns.reach6": "fail",
                "dns.delegation6": "fail",
            },
        ),
        Expect("www.lame.dnstest.lab", {**ALL_PASS, "dns.ns.reach6": "fail"}),
        Expect("www.serial.dnstest.lab", {**ALL_PASS, "dns.ns.reach6": "fail"}),
        Expect("www.leaf.broken.dnstest.lab", {**ALL_PASS, "dns.delegation6": "fail"}),
        # an IPv4-only vantage: DNS data is judged as anywhere, IPv6 exchanges cannot be had
        Expect(
            f"www.{HEALTHY}",
            {**ALL_PASS, "dns.ns.reach6": no_ipv6, "dns.delegation6": no_ipv6},
            vantage="cli4",
        ),
        Expect(HEALTHY, {"mail.mx.aaaa": "pass"}, vantage="cli4"),
        Expect(
            "www.leaf.broken.dnstest.lab",
            {"dns.ns.aaaa": "pass", "dns.ns.reach6": no_ipv6, "dns.delegation6": no_ipv6},
            vantage="cli4",
        ),
        # no IPv6 name-server address at all: a fact of the published data on any vantage
        Expect(
            "www.v4only.dnstest.lab",
            {"dns.ns.aaaa": "fail", "dns.ns.reach6": "fail", "dns.delegation6": no_ipv6},
            vantage="cli4",
        ),
    ]


def dns_scenario() -> Scenario:
    """Name servers, addresses and mail, each way they go wrong over IPv6."""
    return Scenario(
        name="dns",
        nameservers=_name_servers(),
        zones=_zones(),
        vantages=[],
        expectations=_expectations(),
    )
