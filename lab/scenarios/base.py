"""The base scenario: a root, the ``lab`` TLD, a healthy zone and two CDN-like zones.

Address blocks of this part: 3ffe:501:1::, :2::, :10::, :20::, :21::, :53:: and 11.1/16, 11.2/16,
11.10/16, 11.20/16, 11.21/16, 11.53/16.
"""

from __future__ import annotations

from lab.cases import Case, assemble, site
from lab.spec import Expect, NameServer, Scenario, Vantage, WebSite, Zone

RESOLVER6 = "3ffe:501:53::53"
RESOLVER4 = "11.53.0.53"
SILENT_RESOLVER6 = "3ffe:501:53::dead"

HEALTHY_PAGE = "<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>IPv6 lab page</p></body></html>"


def base_scenario() -> Scenario:
    """The foundation lab: a root, a TLD, a healthy zone, two CDN-like zones."""
    return assemble(
        "base",
        [
            Case(
                "www.good.lab",
                ("3ffe:501:10::80", "11.10.0.80"),
                websites=(
                    site(
                        "www.good.lab",
                        "3ffe:501:10::80",
                        "11.10.0.80",
                        body=HEALTHY_PAGE.format(title="good"),
                    ),
                ),
                expect={"dns.aaaa": "pass"},
                # an IPv4-only vantage still learns AAAA records through its resolver
                expect_from={"cli4": {"dns.aaaa": "pass"}},
                also=(Expect("https://www.good.lab/index.html", {"dns.aaaa": "pass"}),),
            ),
            Case(
                "v4.good.lab",
                ("11.10.0.81",),
                websites=(
                    site("v4.good.lab", "11.10.0.81", body=HEALTHY_PAGE.format(title="v4 only")),
                ),
                expect={"dns.aaaa": "fail"},
            ),
            Case(
                "alias.good.lab",
                records=("alias CNAME edge.cdn6.lab.",),
                expect={"dns.aaaa": "pass"},
            ),
            Case(
                "alias4.good.lab",
                records=("alias4 CNAME edge.cdn4.lab.",),
                expect={"dns.aaaa": "fail"},
            ),
            Case(
                "二级.good.lab",
                records=("xn--4kqs68i AAAA 3ffe:501:10::80  ; 二级 (IDN)",),
                expect={"dns.aaaa": "pass"},
            ),
            Case("missing.good.lab", expect={"dns.aaaa": "error/nxdomain"}),
            # an IPv4-only CDN edge, the target of alias4.good.lab and of a zone whose only
            # name server never answers (lookups under dead.lab hang until timeout)
            Case(
                "edge.cdn4.lab",
                ("11.21.0.80",),
                websites=(
                    WebSite(
                        ("edge.cdn4.lab", "alias4.good.lab", "www.dead.lab"),
                        ("11.21.0.80",),
                        HEALTHY_PAGE.format(title="cdn4"),
                    ),
                ),
            ),
            # a dual-stack CDN edge, the target of alias.good.lab
            Case(
                "edge.cdn6.lab",
                ("3ffe:501:20::80", "11.20.0.80"),
                websites=(
                    WebSite(
                        ("edge.cdn6.lab", "alias.good.lab"),
                        ("3ffe:501:20::80", "11.20.0.80"),
                        HEALTHY_PAGE.format(title="cdn6"),
                    ),
                ),
            ),
            Case("www.dead.lab", ("11.21.0.80",)),
        ],
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
            Zone("good.lab"),
            Zone("cdn6.lab"),
            Zone("cdn4.lab"),
            Zone("dead.lab"),
        ],
        resolvers=(RESOLVER6, RESOLVER4),
        blackholes=(SILENT_RESOLVER6,),
        vantages=[Vantage("cli"), Vantage("cli4", ipv6=False)],
    )
