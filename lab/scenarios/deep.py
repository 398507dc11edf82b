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
    return Scenario(
        name="deep",
        nameservers=[
            NameServer(
                "ns1.deep.lab", ("3ffe:501:50::53", "11.50.0.53"), ("deep.lab", "v4.deeptest.lab")
            )
        ],
        zones=[
            Zone(
                "deep.lab",
                (
                    "www AAAA 3ffe:501:51::10",
                    "www A 11.51.0.10",
                    "p2a AAAA 3ffe:501:51::20",
                    "p2a A 11.51.0.20",
                    "p2b AAAA 3ffe:501:51::21",
                    "p2b A 11.51.0.21",
                    "p3a AAAA 3ffe:501:51::30",
                    "p3a A 11.51.0.30",
                    "v4a A 11.51.0.40",
                    "v4b A 11.51.0.41",
                    "v4c A 11.51.0.42",
                    "hostile AAAA 3ffe:501:51::50",
                    "hostile A 11.51.0.50",
                    "meta A 169.254.169.254",
                    "loop AAAA ::1",
                    "loop A 127.0.0.1",
                    "slow AAAA 3ffe:501:52::10",
                    "slow A 11.52.0.10",
                    "ports AAAA 3ffe:501:54::10",
                    "ports A 11.54.0.10",
                    "big AAAA 3ffe:501:55::10",
                    "big A 11.55.0.10",
                    "plain AAAA 3ffe:501:57::10",
                    "plain A 11.57.0.10",
                    *(
                        f"{name.split('.')[0]} {rr} {prefix}{n}"
                        for n, name in enumerate(TWINS, 1)
                        for rr, prefix in (("AAAA", "3ffe:501:57::2"), ("A", "11.57.0.2"))
                    ),
                ),
            ),
            Zone("v4.deeptest.lab", ("img A 11.56.0.10",)),
        ],
        websites=[
            WebSite(("www.deep.lab",), ("3ffe:501:51::10", "11.51.0.10"), home),
            WebSite(
                ("p2a.deep.lab",),
                ("3ffe:501:51::20", "11.51.0.20"),
                _page(
                    "p2a", "http://www.deep.lab/", "http://p3a.deep.lab/", "http://v4b.deep.lab/"
                ),
            ),
            WebSite(
                ("p2b.deep.lab",),
                ("3ffe:501:51::21", "11.51.0.21"),
                _page("p2b", "http://v4c.deep.lab/"),
            ),
            WebSite(("p3a.deep.lab",), ("3ffe:501:51::30", "11.51.0.30"), _page("p3a")),
            WebSite(
                ("v4a.deep.lab", "v4b.deep.lab", "v4c.deep.lab"),
                ("11.51.0.40", "11.51.0.41", "11.51.0.42"),
                _page("IPv4 only"),
            ),
            WebSite(("img.v4.deeptest.lab",), ("11.56.0.10",), _page("image")),
            WebSite(("hostile.deep.lab",), ("3ffe:501:51::50", "11.51.0.50"), hostile),
            WebSite(("big.deep.lab",), ("3ffe:501:55::10", "11.55.0.10"), big),
            *(
                WebSite((name,), (f"3ffe:501:57::2{n}", f"11.57.0.2{n}"), _page(name))
                for n, name in enumerate(TWINS, 1)
            ),
        ],
        raw_servers=[
            RawServer(("3ffe:501:52::10", "11.52.0.10"), (80,), "slow6"),
            RawServer(("3ffe:501:54::10", "11.54.0.10"), (80, 6379), "silent"),
            RawServer(("3ffe:501:57::10", "11.57.0.10"), (80,), "penalty6"),
        ],
        filtered=("11.54.0.10 6379",),
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
        expectations=[
            # depth 2: 2 of 3 internal links load (warn); depth 3: 1 of 3 (fail); an IPv4-only
            # image on another domain
            Expect("www.deep.lab", {"web.links6": "fail", "web.resources6": "fail"}),
            # loopback, metadata and private links are skipped; the one public link loads
            Expect(
                "hostile.deep.lab",
                {"web.links6": "pass", "web.resources6": "not_applicable"},
                vantage="deep",
            ),
            # IPv6 answers 0.4 s late: first byte and full page lag
            Expect("http://slow.deep.lab/", {"web.latency6": "warn"}),
            # the same site named by its host: the page is measured where it is served (HTTP)
            Expect("slow.deep.lab", {"web.latency6": "warn"}),
            # served over plain HTTP only, every IPv6 answer 0.15 s late: each check that loads
            # pages starts from http://plain.deep.lab/
            Expect(
                "plain.deep.lab",
                {
                    "web.latency6": "warn",
                    "web.pmtu6": "pass",
                    "web.same-content": "pass",
                    "web.links6": "pass",
                    "web.resources6": "pass",
                },
            ),
            Expect("plain.deep.lab", {"web.pmtu6": "fail"}, vantage="pmtu"),
            *(Expect(name, {"web.http6": "pass", "web.same-content": "pass"}) for name in TWINS),
            # port 6379 open over IPv6, filtered over IPv4
            Expect("ports.deep.lab", {"sec.port-parity": "fail"}),
            Expect("www.deep.lab", {"sec.port-parity": "pass"}, vantage="deep"),
            # a large page over a path whose Packet Too Big messages are dropped
            Expect("big.deep.lab", {"web.pmtu6": "fail"}, vantage="pmtu"),
            Expect("big.deep.lab", {"web.pmtu6": "pass", "net.icmp6": "info"}),
        ],
    )
