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

from auditor.nat64 import embed
from lab.scenarios.network import NAT64_PREFIX
from lab.spec import (
    Dns64,
    Expect,
    MailServer,
    NameServer,
    Router,
    Scenario,
    Vantage,
    WebSite,
    Zone,
)

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


def _zone() -> Zone:
    records = [
        "v6only AAAA 3ffe:501:71::10",
        f"v6only MX 10 mx6.{ZONE}.",
        "mx6 AAAA 3ffe:501:73::25",
        f"v4twin A {BOGUS_SITE4}",
        "lo A 127.0.0.1",
        "lo AAAA ::1",
        "unspec A 0.0.0.0",
        "unspec AAAA ::",
        "nat64lo AAAA 64:ff9b::7f00:1",
        f"mxlo MX 10 lo.{ZONE}.",
        "mxlo AAAA 3ffe:501:71::10",
    ]
    for name, address in BOGUS_AAAA.items():
        records += [f"{name} AAAA {address}", f"{name} A {BOGUS_SITE4}"]
    for index, name in enumerate(HOSTILE_REDIRECTS):
        records += [f"{name} AAAA 3ffe:501:71::{index + 0x30:x}", f"{name} A 11.71.0.{index + 48}"]
    return Zone(ZONE, tuple(records))


def _sites() -> list[WebSite]:
    bogus_names = tuple(f"{name}.{ZONE}" for name in (*BOGUS_AAAA, "v4twin"))
    sites = [
        WebSite((f"v6only.{ZONE}", f"mxlo.{ZONE}"), ("3ffe:501:71::10",), PAGE.format("v6only")),
        WebSite(bogus_names, (BOGUS_SITE4,), PAGE.format("bogus")),
    ]
    for index, (name, location) in enumerate(HOSTILE_REDIRECTS.items()):
        addresses = (f"3ffe:501:71::{index + 0x30:x}", f"11.71.0.{index + 48}")
        sites.append(WebSite((f"{name}.{ZONE}",), addresses, "", status=302, redirect=location))
    return sites


def _expectations() -> list[Expect]:
    expectations = [
        Expect(f"v6only.{ZONE}", IPV6_ONLY),
        Expect(f"mxlo.{ZONE}", {"web.http6": "pass", "mail.mx.reach6": "fail"}),
        Expect(f"v4twin.{ZONE}", {"dns.aaaa": "fail", "web.reach6": "fail"}),
    ]
    for name in BOGUS_AAAA:
        verdicts = {"dns.aaaa": "fail", "dns.aaaa.valid": "fail"}
        verdicts.update(dict.fromkeys(NEEDS_IPV6, "fail"))
        expectations.append(Expect(f"{name}.{ZONE}", verdicts))
    # Behind this network's NAT64, an IPv4-only site gets synthesized AAAA under the prefix the
    # vantage learns by RFC 7050: they reach the site through the translator, never over IPv6.
    expectations.append(
        Expect(f"v4twin.{ZONE}", dict.fromkeys(NEEDS_IPV6, "fail"), vantage="v-v6only")
    )
    expectations.append(
        Expect(f"nat64.{ZONE}", dict.fromkeys(NEEDS_IPV6, "fail"), vantage="v-v6only")
    )
    synthesized = {"dns.aaaa": "fail", **dict.fromkeys(NEEDS_IPV6, "fail")}
    expectations.append(Expect(f"v4twin.{ZONE}", synthesized, vantage="v-nsp"))
    expectations.append(Expect(f"v6only.{ZONE}", IPV6_ONLY, vantage="v-nsp"))
    return expectations


def integrity_scenario() -> Scenario:
    """Bogus AAAA, an IPv6-only site, hostile redirects and names that point at loopback."""
    return Scenario(
        name="integrity",
        nameservers=[
            NameServer(f"ns1.{ZONE}", ("3ffe:501:70::53", "11.70.0.53"), (ZONE,)),
            NameServer(f"ns2.{ZONE}", ("3ffe:501:70::54", "11.70.0.54"), (ZONE,)),
        ],
        zones=[_zone()],
        websites=_sites(),
        mail_servers=[MailServer(("3ffe:501:73::25",), f"mx6.{ZONE}")],
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
        expectations=_expectations(),
    )


HOSTILE_TARGETS = (
    *(f"{name}.{ZONE}" for name in HOSTILE_REDIRECTS),
    *(f"{name}.{ZONE}" for name in ("lo", "unspec", "nat64lo", "mxlo", *BOGUS_AAAA)),
)
"""Targets that must not make the auditor send one packet to its own network."""
