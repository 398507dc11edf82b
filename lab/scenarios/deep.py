"""Beyond the home page: internal links, embedded resources, latency, path MTU, port parity.

Zones ``deep.lab`` and ``v4.deeptest.lab``. Address blocks of this part: 3ffe:501:50::/44 (:50::
name server, :51:: linked sites, :52:: slow server, :54:: port parity, :55:: large page, :57::
plain-HTTP site and healthy twins, :5f:: router links) and 11.50/16 to 11.59/16 (the same second
octets). 3ffe:501:53:: and 11.53/16 stay
with the base part's resolver. Vantages ``deep`` (with canaries on its own loopback: a page
linking there must not make the auditor connect) and ``pmtu`` (behind two routers whose middle
link has MTU 1280 and whose ICMPv6 Packet Too Big messages are dropped).
"""

from __future__ import annotations

from lab.cases import Case, assemble, site
from lab.spec import Expect, NameServer, RawServer, Router, Scenario, Vantage, WebSite, Zone

PAGE = "<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1>{extra}</body></html>"
CANARIES = ("127.0.0.1", "169.254.169.254", "::1")
TWINS = tuple(f"twin{n}.deep.lab" for n in range(1, 5))
"""Healthy sites whose two families reach the same server: web.latency6 must never warn on them,
however loaded the machine is when they are scanned with everything else."""


def _page(title: str, *links: str, extra: str = "") -> str:
    anchors = "".join(f'<a href="{link}">{link}</a> ' for link in links)
    return PAGE.format(title=title, extra=f"<p>{anchors}</p>{extra}")


def deep_scenario() -> Scenario:
    """Sites for web.links6, web.resources6, web.latency6, web.pmtu6 and sec.port-parity."""
    home = _page(
        "home",
        "http://p2a.deep.lab/",
        "http://p2b.deep.lab/",
        "http://v4a.deep.lab/",
        "http://www.good.lab/",  # another site: not an internal link
        extra='<img src="http://img.v4.deeptest.lab/"><script src="http://p2b.deep.lab/"></script>',
    )
    hostile = _page(
        "hostile",
        "http://127.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://meta.deep.lab/",
        "http://loop.deep.lab/",
        "http://p3a.deep.lab/",
        extra='<img src="http://169.254.169.254/logo.png"><img src="http://loop.deep.lab/x.png">',
    )
    big = PAGE.format(title="large", extra="<p>" + "large page over a small-MTU path. " * 300)
    return assemble(
        "deep",
        [
            # depth 2: 2 of 3 internal links load (warn); depth 3: 1 of 3 (fail); an IPv4-only
            # image on another domain
            Case(
                "www.deep.lab",
                ("3ffe:501:51::10", "11.51.0.10"),
                websites=(site("www.deep.lab", "3ffe:501:51::10", "11.51.0.10", body=home),),
                expect={"web.links6": "fail", "web.resources6": "fail"},
                expect_from={"deep": {"sec.port-parity": "pass"}},
            ),
            Case(
                "p2a.deep.lab",
                ("3ffe:501:51::20", "11.51.0.20"),
                websites=(
                    site(
                        "p2a.deep.lab",
                        "3ffe:501:51::20",
                        "11.51.0.20",
                        body=_page(
                            "p2a",
                            "http://www.deep.lab/",
                            "http://p3a.deep.lab/",
                            "http://v4b.deep.lab/",
                        ),
                    ),
                ),
            ),
            Case(
                "p2b.deep.lab",
                ("3ffe:501:51::21", "11.51.0.21"),
                websites=(
                    site(
                        "p2b.deep.lab",
                        "3ffe:501:51::21",
                        "11.51.0.21",
                        body=_page("p2b", "http://v4c.deep.lab/"),
                    ),
                ),
            ),
            Case(
                "p3a.deep.lab",
                ("3ffe:501:51::30", "11.51.0.30"),
                websites=(
                    site("p3a.deep.lab", "3ffe:501:51::30", "11.51.0.30", body=_page("p3a")),
                ),
            ),
            # three IPv4-only pages, linked from the dual-stack ones
            Case(
                "v4a.deep.lab",
                ("11.51.0.40",),
                records=("v4b A 11.51.0.41", "v4c A 11.51.0.42"),
                websites=(
                    WebSite(
                        ("v4a.deep.lab", "v4b.deep.lab", "v4c.deep.lab"),
                        ("11.51.0.40", "11.51.0.41", "11.51.0.42"),
                        _page("IPv4 only"),
                    ),
                ),
            ),
            Case(
                "img.v4.deeptest.lab",
                ("11.56.0.10",),
                websites=(site("img.v4.deeptest.lab", "11.56.0.10", body=_page("image")),),
            ),
            # loopback, metadata and private links are skipped; the one public link loads
            Case(
                "hostile.deep.lab",
                ("3ffe:501:51::50", "11.51.0.50"),
                websites=(site("hostile.deep.lab", "3ffe:501:51::50", "11.51.0.50", body=hostile),),
                expect_from={"deep": {"web.links6": "pass", "web.resources6": "not_applicable"}},
            ),
            Case("meta.deep.lab", ("169.254.169.254",)),
            Case("loop.deep.lab", ("::1", "127.0.0.1")),
            # IPv6 answers 0.4 s late: first byte and full page lag
            Case(
                "slow.deep.lab",
                ("3ffe:501:52::10", "11.52.0.10"),
                raw_servers=(RawServer(("3ffe:501:52::10", "11.52.0.10"), (80,), "slow6"),),
                # named by its host, the page is measured where it is served (HTTP)
                expect={"web.latency6": "warn"},
                also=(Expect("http://slow.deep.lab/", {"web.latency6": "warn"}),),
            ),
            # port 6379 open over IPv6, filtered over IPv4
            Case(
                "ports.deep.lab",
                ("3ffe:501:54::10", "11.54.0.10"),
                raw_servers=(RawServer(("3ffe:501:54::10", "11.54.0.10"), (80, 6379), "silent"),),
                filtered=("11.54.0.10 6379",),
                expect={"sec.port-parity": "fail"},
            ),
            # a large page over a path whose Packet Too Big messages are dropped
            Case(
                "big.deep.lab",
                ("3ffe:501:55::10", "11.55.0.10"),
                websites=(site("big.deep.lab", "3ffe:501:55::10", "11.55.0.10", body=big),),
                expect={"web.pmtu6": "pass", "net.icmp6": "info"},
                expect_from={"pmtu": {"web.pmtu6": "fail"}},
            ),
            # served over plain HTTP only, every IPv6 answer 0.15 s late: each check that loads
            # pages starts from http://plain.deep.lab/
            Case(
                "plain.deep.lab",
                ("3ffe:501:57::10", "11.57.0.10"),
                raw_servers=(RawServer(("3ffe:501:57::10", "11.57.0.10"), (80,), "penalty6"),),
                expect={
                    "web.latency6": "warn",
                    "web.pmtu6": "pass",
                    "web.same-content": "pass",
                    "web.links6": "pass",
                    "web.resources6": "pass",
                },
                expect_from={"pmtu": {"web.pmtu6": "fail"}},
            ),
            # the same penalty on an HTTPS site: timed through the TLS handshake
            Case(
                "late.deep.lab",
                ("3ffe:501:57::30", "11.57.0.30"),
                raw_servers=(
                    RawServer(
                        ("3ffe:501:57::30", "11.57.0.30"),
                        (443, 80),
                        "penalty6",
                        tls_names=("late.deep.lab",),
                    ),
                ),
                expect={"web.latency6": "warn", "web.tls6": "pass"},
            ),
            *(
                Case(
                    name,
                    (f"3ffe:501:57::2{n}", f"11.57.0.2{n}"),
                    websites=(site(name, f"3ffe:501:57::2{n}", f"11.57.0.2{n}", body=_page(name)),),
                    expect={"web.http6": "pass", "web.same-content": "pass"},
                )
                for n, name in enumerate(TWINS, 1)
            ),
        ],
        nameservers=[
            NameServer(
                "ns1.deep.lab", ("3ffe:501:50::53", "11.50.0.53"), ("deep.lab", "v4.deeptest.lab")
            )
        ],
        zones=[Zone("deep.lab"), Zone("v4.deeptest.lab")],
        vantages=[
            Vantage("cli"),
            Vantage("deep", canaries=CANARIES),
            Vantage(
                "pmtu",
                routers=(
                    Router("r1", inside4="11.59.1.0/24", inside6="3ffe:501:5f:1::/64"),
                    Router(
                        "r2",
                        inside4="11.59.2.0/24",
                        inside6="3ffe:501:5f:2::/64",
                        mtu=1280,
                        filter_ptb=True,
                    ),
                ),
            ),
        ],
    )
