"""The network part: vantages behind routers (NAT44, CGN, NAT64) and prefixes to survey.

Address blocks of this part: 3ffe:501:60:: .. 3ffe:501:6f:: (/48 each) and 11.60/16 .. 11.69/16
for server-side and routed client addresses; 10/8, 192.168/16 and 100.64/10 appear only inside
its router namespaces. Zones: ``net.lab``, the reverse zones of 11.61.0/24 and
3ffe:501:61::/48, and ``ipv4only.arpa`` (RFC 7050 discovery needs it in the sealed lab). The
segments for pairing a host's two addresses (11.62/16, 3ffe:501:63::/48) are in
:mod:`lab.scenarios.pairing`.
Vantages: v-dual, v-nat44, v-cgn, v-v6only.
"""

from __future__ import annotations

import dns.name
import dns.reversename

from lab.cases import Case, assemble
from lab.scenarios import pairing
from lab.scenarios.base import RESOLVER4
from lab.spec import (
    VANTAGE,
    Dns64,
    NameServer,
    Reflector,
    Router,
    Scenario,
    Vantage,
    WebSite,
    Zone,
)

REFLECTOR = Reflector(("3ffe:501:60::80", "11.60.0.80"))
REFLECTOR_URL = "http://reflector.net.lab:8478/"
DNS64_RESOLVER = "3ffe:501:64::53"
NAT64_PREFIX = "64:ff9b::/96"
SURVEY4 = "11.61.0.0/24"
SURVEY6 = "3ffe:501:61::/64"
ALIASED6 = "3ffe:501:62::/64"
REVERSE4 = "0.61.11.in-addr.arpa"
REVERSE6 = "1.6.0.0.1.0.5.0.e.f.f.3.ip6.arpa"
PAGE = "<!doctype html><html><head><title>{0}</title></head><body><p>{0}</p></body></html>"

SURVEY_HOSTS = {
    # address: (name or None, how the survey should find it)
    "11.61.0.10": "www-d",  # dual-stack by name, same services on both families
    "3ffe:501:61::10": "www-d",
    "11.61.0.11": "emb",  # no AAAA: its IPv6 address embeds the IPv4 one (::b3d:b)
    "3ffe:501:61::b3d:b": None,
    "11.61.0.20": "v4only",  # IPv4 only, serves web over IPv4
    "11.61.0.30": "fw",  # web open over IPv6 only: the IPv4 firewall is stricter
    "3ffe:501:61::30": "fw",
    "3ffe:501:61::cafe": None,  # wordy
    "3ffe:501:61::1bb": None,  # 443 in hex: service-port pattern
    "3ffe:501:61::11:61:0:10": None,  # www-d's second address, IPv4 embedded octet-wise
}


def _ptr(address: str, origin: str) -> str:
    name = dns.reversename.from_address(address).relativize(dns.name.from_text(origin))
    return name.to_text()


def _records() -> tuple[str, ...]:
    records = [f"reflector AAAA {REFLECTOR.addresses[0]}", f"reflector A {REFLECTOR.addresses[1]}"]
    for address, name in SURVEY_HOSTS.items():
        if name is not None:
            records.append(f"{name} {'AAAA' if ':' in address else 'A'} {address}")
    return tuple(records)


def _reverse(origin: str, family: str) -> Zone:
    return Zone(
        origin,
        tuple(
            f"{_ptr(address, origin)} PTR {name}.net.lab."
            for address, name in SURVEY_HOSTS.items()
            if name is not None and (":" in address) == (family == "6")
        ),
    )


def network_scenario() -> Scenario:
    """Vantages behind real routers and NATs, a reflector, and prefixes with known hosts."""
    websites_v4v6 = ("11.61.0.10", "3ffe:501:61::10")
    return assemble(
        "network",
        [*_vantage_cases(), *_survey_cases()],
        nameservers=[
            NameServer(
                "ns1.net.lab",
                ("3ffe:501:60::53", "11.60.0.53"),
                ("net.lab", "ipv4only.arpa", REVERSE4, REVERSE6, *pairing.zone_origins()),
            ),
        ],
        zones=[
            Zone("net.lab", _records()),
            Zone("ipv4only.arpa", ("@ A 192.0.0.170", "@ A 192.0.0.171")),
            _reverse(REVERSE4, "4"),
            _reverse(REVERSE6, "6"),
            *pairing.zones(),
        ],
        websites=[
            WebSite(("www-d.net.lab",), websites_v4v6, PAGE.format("dual")),
            WebSite(("v4only.net.lab",), ("11.61.0.20",), PAGE.format("v4only")),
            WebSite(("fw.net.lab",), ("3ffe:501:61::30",), PAGE.format("fw")),
            *pairing.websites(),
        ],
        raw_servers=pairing.raw_servers(),
        idle=tuple(
            a for a in SURVEY_HOSTS if a not in (*websites_v4v6, "11.61.0.20", "3ffe:501:61::30")
        )
        + pairing.idle(),
        aliased=(ALIASED6,),
        reflectors=[REFLECTOR],
        dns64=[Dns64((DNS64_RESOLVER,), NAT64_PREFIX)],
        vantages=[],
    )


def _vantage_cases() -> list[Case]:
    """A network behind each kind of router, and what ``v6audit vantage`` concludes there."""
    dual_stack = {
        "vantage.ipv6": "pass",
        "vantage.resolver6": "pass",
        "vantage.nat64": "info",
        "vantage.nat44": "pass",
        "vantage.pmtu6": "pass",
    }
    return [
        Case(
            VANTAGE,
            vantages=(
                Vantage(
                    "v-dual",
                    routers=(Router("gw", inside4="11.65.1.0/24", inside6="3ffe:501:65:1::/64"),),
                    reflector=REFLECTOR_URL,
                ),
            ),
            expect_from={"v-dual": dual_stack},
        ),
        Case(
            VANTAGE,
            vantages=(
                Vantage(
                    "v-nat44",
                    routers=(
                        Router(
                            "cpe",
                            inside4="192.168.1.0/24",
                            inside6="3ffe:501:66:1::/64",
                            nat44=True,
                        ),
                    ),
                    reflector=REFLECTOR_URL,
                ),
            ),
            expect_from={"v-nat44": {**dual_stack, "vantage.nat44": "fail"}},
        ),
        Case(
            VANTAGE,
            vantages=(
                Vantage(
                    "v-cgn",
                    ipv6=False,
                    routers=(
                        Router("cpe", inside4="192.168.1.0/24", nat44=True),
                        Router("cgn", inside4="100.64.0.0/24", nat44=True),
                    ),
                    resolver=RESOLVER4,
                    reflector=REFLECTOR_URL,
                ),
            ),
            expect_from={
                "v-cgn": {
                    "vantage.ipv6": "fail",
                    "vantage.resolver6": "warn",
                    "vantage.nat64": "info",
                    "vantage.nat44": "fail",
                    "vantage.pmtu6": "error/no_local_ipv6",
                }
            },
        ),
        Case(
            VANTAGE,
            vantages=(
                Vantage(
                    "v-v6only",
                    routers=(
                        Router(
                            "nat64", inside6="3ffe:501:67:1::/64", nat64=NAT64_PREFIX, pref64=True
                        ),
                    ),
                    resolver=DNS64_RESOLVER,
                    reflector=REFLECTOR_URL,
                ),
            ),
            expect_from={"v-v6only": dual_stack},
        ),
    ]


def _survey_cases() -> list[Case]:
    """Prefixes whose hosts (:data:`SURVEY_HOSTS`) a survey must find and judge."""
    return [
        Case(
            SURVEY4,
            expect={"net.discovery": "info", "net.dualstack": "warn", "net.services6": "fail"},
        ),
        Case(
            SURVEY6,
            expect={
                "net.discovery": "info",
                "net.dualstack": "not_applicable",
                "net.services6": "fail",
            },
        ),
        Case(ALIASED6, expect={"net.discovery": "info", "net.services6": "not_applicable"}),
        Case("11.61.0.0/16", expect={"net.discovery": "error/bad_input"}),
    ]
