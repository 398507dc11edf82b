"""Verdict integrity and hostile sites: bogus AAAA that carry traffic, IPv6-only sites, and sites
that try to steer the auditor to the machine it runs on.

Zone ``integrity.lab``. Address blocks of this part: 3ffe:501:70::/44 (3ffe:501:70:: name server,
:71:: nginx sites, :73:: mail, :74:: a DNS64 resolver, :77:64::/96 its network-specific NAT64
prefix, :78:: the vantage behind that translator) and 11.70/16 to 11.79/16 (11.70 name server,
11.71 nginx sites). Vantage ``hostile`` has canaries on its own loopback and at the metadata
address, on the web and SMTP ports, and counts every packet it sends to a non-global
destination. Vantage ``v-nsp`` is IPv6-only behind a NAT64 whose prefix looks global: only RFC
7050 discovery tells its synthesized AAAA from real IPv6.
"""

from __future__ import annotations

import ipaddress

from lab.cases import Case, assemble
from lab.scenarios.network import NAT64_PREFIX
from lab.spec import (
    Dns64,
    MailServer,
    NameServer,
    RawServer,
    Router,
    Scenario,
    Vantage,
    WebSite,
    Zone,
)
from v6audit.probes.net.nat64 import embed

ZONE = "integrity.lab"
NSP = "3ffe:501:77:64::/96"
"""A network-specific NAT64 prefix (RFC 6052): inside global space, unlike 64:ff9b::/96."""
NSP_RESOLVER = "3ffe:501:74::53"
PARAGRAPH = (
    "<p>Opening hours, news and services of the office, for every citizen, in both languages.</p>"
)
PAGE = (
    "<!doctype html><html><head><title>{0}</title></head><body><h1>{0}</h1>"
    + PARAGRAPH * 40
    + "</body></html>"
)
"""Larger than the IPv6 minimum MTU, so web.pmtu6 has a large response to judge."""
CANARIES = ("127.0.0.1", "::1", "169.254.169.254")
BOGUS_SITE4 = "11.71.0.20"
"""The IPv4 web server the bogus AAAA below lead to (mapped, compatible, NAT64 forms of it)."""
BOGUS_AAAA = {
    "mapped": f"::ffff:{BOGUS_SITE4}",
    "compat": f"::{BOGUS_SITE4}",
    "nat64": str(embed(ipaddress.IPv6Network(NAT64_PREFIX), ipaddress.IPv4Address(BOGUS_SITE4))),
}
HOSTILE_REDIRECTS = {
    "to-loop4": "http://127.0.0.1/",
    "to-loop6": "http://[::1]/",
    "to-mapped": "http://[::ffff:127.0.0.1]/",
    "to-zero": "http://0.0.0.0/",
    "to-meta": "http://169.254.169.254/latest/meta-data/",
    "to-name": f"http://lo.{ZONE}/",
}
"""Sites whose home page redirects to the scanning machine's own network."""
NEEDS_IPV6 = (
    "web.reach6",
    "web.http6",
    "web.tls6",
    "web.redirect6",
    "web.same-content",
    "web.links6",
    "web.resources6",
    "web.latency6",
    "web.pmtu6",
    "sec.port-parity",
)
"""Checks that need a working IPv6 address: with only bogus AAAA, each fails, naming them."""
IPV6_ONLY = {
    "dns.aaaa": "pass",
    "dns.ns.aaaa": "pass",
    "dns.ns.reach6": "pass",
    "dns.aaaa.valid": "pass",
    "web.reach6": "pass",
    "web.http6": "pass",
    "web.tls6": "pass",
    "web.redirect6": "pass",
    "web.same-content": "not_applicable",
    "web.pmtu6": "pass",
    "sec.port-parity": "not_applicable",
    "mail.mx.aaaa": "pass",
    "mail.mx.reach6": "pass",
}


def _cases() -> list[Case]:
    bogus_names = tuple(f"{name}.{ZONE}" for name in (*BOGUS_AAAA, "v4twin"))
    return [
        # an IPv6-only site and mail exchanger: what needs IPv6 passes, comparisons do not apply
        Case(
            f"v6only.{ZONE}",
            ("3ffe:501:71::10",),
            records=(f"v6only MX 10 mx6.{ZONE}.", "mx6 AAAA 3ffe:501:73::25"),
            websites=(
                WebSite(
                    (f"v6only.{ZONE}", f"mxlo.{ZONE}"), ("3ffe:501:71::10",), PAGE.format("v6only")
                ),
            ),
            mail_servers=(MailServer(("3ffe:501:73::25",), f"mx6.{ZONE}"),),
            expect=IPV6_ONLY,
            expect_from={"v-nsp": IPV6_ONLY},
        ),
        # IPv6-only, and its server takes connections but never answers: the page is unknown,
        # which is no IPv4 comparison (not applicable) and no measurement (error), never a pass
        Case(
            f"v6stall.{ZONE}",
            ("3ffe:501:71::12",),
            raw_servers=(RawServer(("3ffe:501:71::12",), (80, 443), "silent"),),
            expect={
                "web.reach6": "pass",
                "web.http6": "fail",
                "web.tls6": "error/timeout",
                "web.redirect6": "error/timeout",
                "web.same-content": "not_applicable",
                "web.links6": "error/timeout",
                "web.latency6": "not_applicable",
                "web.pmtu6": "error/timeout",
                "sec.port-parity": "not_applicable",
            },
        ),
        # IPv4 only; behind a NAT64, its synthesized AAAA reach it through the translator
        # (under the prefix the vantage learns by RFC 7050), never over IPv6
        Case(
            f"v4twin.{ZONE}",
            (BOGUS_SITE4,),
            websites=(WebSite(bogus_names, (BOGUS_SITE4,), PAGE.format("bogus")),),
            expect={"dns.aaaa": "fail", "web.reach6": "fail"},
            expect_from={
                "v-v6only": dict.fromkeys(NEEDS_IPV6, "fail"),
                "v-nsp": {"dns.aaaa": "fail", **dict.fromkeys(NEEDS_IPV6, "fail")},
            },
        ),
        # names that point at the scanning machine itself
        Case(f"lo.{ZONE}", ("127.0.0.1", "::1")),
        Case(f"unspec.{ZONE}", ("0.0.0.0", "::")),
        Case(f"nat64lo.{ZONE}", ("64:ff9b::7f00:1",)),
        Case(
            f"mxlo.{ZONE}",
            records=(f"mxlo MX 10 lo.{ZONE}.", "mxlo AAAA 3ffe:501:71::10"),
            expect={"web.http6": "pass", "mail.mx.reach6": "fail"},
        ),
        # bogus AAAA that lead to the IPv4 site: each check that needs IPv6 fails
        *(
            Case(
                f"{name}.{ZONE}",
                (address, BOGUS_SITE4),
                expect={
                    "dns.aaaa": "fail",
                    "dns.aaaa.valid": "fail",
                    **dict.fromkeys(NEEDS_IPV6, "fail"),
                },
                expect_from=(
                    {"v-v6only": dict.fromkeys(NEEDS_IPV6, "fail")} if name == "nat64" else {}
                ),
            )
            for name, address in BOGUS_AAAA.items()
        ),
        # home pages that redirect to the scanning machine's own network
        *(
            Case(
                f"{name}.{ZONE}",
                (f"3ffe:501:71::{index + 0x30:x}", f"11.71.0.{index + 48}"),
                websites=(
                    WebSite(
                        (f"{name}.{ZONE}",),
                        (f"3ffe:501:71::{index + 0x30:x}", f"11.71.0.{index + 48}"),
                        "",
                        status=302,
                        redirect=location,
                    ),
                ),
            )
            for index, (name, location) in enumerate(HOSTILE_REDIRECTS.items())
        ),
    ]


def integrity_scenario() -> Scenario:
    """Bogus AAAA, an IPv6-only site, hostile redirects and names that point at loopback."""
    return assemble(
        "integrity",
        _cases(),
        nameservers=[
            NameServer(f"ns1.{ZONE}", ("3ffe:501:70::53", "11.70.0.53"), (ZONE,)),
            NameServer(f"ns2.{ZONE}", ("3ffe:501:70::54", "11.70.0.54"), (ZONE,)),
        ],
        zones=[Zone(ZONE)],
        dns64=[Dns64((NSP_RESOLVER,), NSP)],
        vantages=[
            Vantage("cli"),
            Vantage("hostile", canaries=CANARIES),
            Vantage(
                "v-nsp",
                routers=(Router("nat64", inside6="3ffe:501:78:1::/64", nat64=NSP),),
                resolver=NSP_RESOLVER,
            ),
        ],
    )


HOSTILE_TARGETS = (
    *(f"{name}.{ZONE}" for name in HOSTILE_REDIRECTS),
    *(f"{name}.{ZONE}" for name in ("lo", "unspec", "nat64lo", "mxlo", *BOGUS_AAAA)),
)
"""Targets that must not make the auditor send one packet to its own network."""
