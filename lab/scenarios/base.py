"""The base scenario: a root, the ``lab`` TLD, a healthy zone and two CDN-like zones.

Address blocks of this part: 3ffe:501:1::, :2::, :10::, :20::, :21::, :53:: and 11.1/16, 11.2/16,
11.10/16, 11.20/16, 11.21/16, 11.53/16.
"""

from __future__ import annotations

from lab.spec import Expect, NameServer, Scenario, Vantage, WebSite, Zone

RESOLVER6 = "3ffe:501:53::53"
RESOLVER4 = "11.53.0.53"
SILENT_RESOLVER6 = "3ffe:501:53::dead"

HEALTHY_PAGE = "<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>IPv6 lab page</p></body></html>"


def base_scenario() -> Scenario:
    """The foundation lab: a root, a TLD, a healthy zone, two CDN-like zones."""
    return Scenario(
        name="base",
        nameservers=[
            NameServer("a.root.lab", ("3ffe:501:1::1", "11.1.0.1"), (".",)),
            NameServer("ns1.nic.lab", ("3ffe:501:2::1", "11.2.0.1"), ("lab",)),
            NameServer("ns2.nic.lab", ("3ffe:501:2::2", "11.2.0.2"), ("lab",)),
            NameServer("ns1.good.lab", ("3ffe:501:10::53", "11.10.0.53"), ("good.lab",)),
            NameServer("ns2.good.lab", ("3ffe:501:10::54", "11.10.0.54"), ("good.lab",)),
            NameServer("ns1.cdn6.lab", ("3ffe:501:20::53", "11.20.0.53"), ("cdn6.lab",)),
            NameServer("ns1.cdn4.lab", ("11.21.0.53",), ("cdn4.lab",)),
            # published everywhere, answering nowhere: lookups under dead.lab hang until timeout
            NameServer(
                "ns1.dead.lab", (), ("dead.lab",), silent=("3ffe:501:21::dead", "11.21.0.99")
            ),
        ],
        zones=[
            Zone("."),
            Zone("lab"),
            Zone(
                "good.lab",
                (
                    "www AAAA 3ffe:501:10::80",
                    "www A 11.10.0.80",
                    "v4 A 11.10.0.81",
                    "alias CNAME edge.cdn6.lab.",
                    "alias4 CNAME edge.cdn4.lab.",
                    "xn--4kqs68i AAAA 3ffe:501:10::80  ; 二级 (IDN)",
                ),
            ),
            Zone("cdn6.lab", ("edge AAAA 3ffe:501:20::80", "edge A 11.20.0.80")),
            Zone("cdn4.lab", ("edge A 11.21.0.80",)),
            Zone("dead.lab", ("www A 11.21.0.80",)),
        ],
        websites=[
            WebSite(
                ("www.good.lab",),
                ("3ffe:501:10::80", "11.10.0.80"),
                HEALTHY_PAGE.format(title="good"),
            ),
            WebSite(("v4.good.lab",), ("11.10.0.81",), HEALTHY_PAGE.format(title="v4 only")),
            WebSite(
                ("edge.cdn4.lab", "alias4.good.lab", "www.dead.lab"),
                ("11.21.0.80",),
                HEALTHY_PAGE.format(title="cdn4"),
            ),
            WebSite(
                ("edge.cdn6.lab", "alias.good.lab"),
                ("3ffe:501:20::80", "11.20.0.80"),
                HEALTHY_PAGE.format(title="cdn6"),
            ),
        ],
        resolvers=(RESOLVER6, RESOLVER4),
        blackholes=(SILENT_RESOLVER6,),
        vantages=[Vantage("cli"), Vantage("cli4", ipv6=False)],
        expectations=[
            Expect("www.good.lab", {"dns.aaaa": "pass"}),
            Expect("v4.good.lab", {"dns.aaaa": "fail"}),
            Expect("alias.good.lab", {"dns.aaaa": "pass"}),
            Expect("alias4.good.lab", {"dns.aaaa": "fail"}),
            Expect("missing.good.lab", {"dns.aaaa": "error/nxdomain"}),
            Expect("二级.good.lab", {"dns.aaaa": "pass"}),
            Expect("https://www.good.lab/index.html", {"dns.aaaa": "pass"}),
            # an IPv4-only vantage still learns AAAA records through its resolver
            Expect("www.good.lab", {"dns.aaaa": "pass"}, vantage="cli4"),
        ],
    )
