"""The lab's scenarios as data: who serves what, and what the auditor must conclude.

Addresses: 3ffe:501::/32 and 11.0.0.0/8 play the public internet (the auditor treats them as
global, as it would real addresses); documentation, ULA and other special prefixes appear only
where a scenario tests their detection. Each ``Expect`` is both a test case and a line of the
demo's target list, so adding a scenario is adding a few lines here.
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
        ],
        websites=[
            WebSite(
                ("www.good.lab",),
                ("3ffe:501:10::80", "11.10.0.80"),
                HEALTHY_PAGE.format(title="good"),
            ),
            WebSite(
                ("edge.cdn6.lab", "alias.good.lab"),
                ("3ffe:501:20::80", "11.20.0.80"),
                HEALTHY_PAGE.format(title="cdn6"),
            ),
        ],
        resolvers=(RESOLVER6, RESOLVER4),
        blackholes=(SILENT_RESOLVER6,),
        vantages=[Vantage("cli")],
        expectations=[
            Expect("www.good.lab", {"dns.aaaa": "pass"}),
            Expect("v4.good.lab", {"dns.aaaa": "fail"}),
            Expect("alias.good.lab", {"dns.aaaa": "pass"}),
            Expect("alias4.good.lab", {"dns.aaaa": "fail"}),
            Expect("missing.good.lab", {"dns.aaaa": "error/nxdomain"}),
            Expect("二级.good.lab", {"dns.aaaa": "pass"}),
            Expect("https://www.good.lab/index.html", {"dns.aaaa": "pass"}),
        ],
    )


def full_lab() -> Scenario:
    """Every scenario in one lab: what the test suite and the demo bring up."""
    return base_scenario()
