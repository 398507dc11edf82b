"""Web and mail over each family: healthy, broken, different and hostile servers.

Zone ``web.lab`` (one host name per scenario). Address blocks of this part: 3ffe:501:40::/44
(3ffe:501:40:: name server, :41:: nginx sites, :42:: raw servers, :43:: mail) and 11.40/16 to
11.49/16 (11.40 name server, 11.41 nginx, 11.42 raw servers, 11.43 mail).
"""

from __future__ import annotations

from typing import Any

from lab.cases import Case, assemble, site
from lab.spec import MailServer, NameServer, RawServer, Scenario, Vantage, WebSite, Zone

PAGE = "<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>Opening hours, news and services of the {title} office. Every citizen can reach this page over IPv6 and over IPv4.</p><ul><li>News</li><li>Services</li><li>Contact</li></ul></body></html>"
MAINTENANCE = "<!doctype html><html><head><title>Maintenance</title></head><body><h1>Down for maintenance</h1><p>Please come back later.</p></body></html>"
GBK_PAGE = '<!doctype html><html><head><meta charset="gbk"><title>政务服务</title></head><body><h1>政务服务网</h1><p>欢迎访问本网站。本网站同时支持 IPv6 与 IPv4 访问，办事指南、政策文件和便民服务一应俱全。</p></body></html>'

HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")

ALL_PASS = {
    "web.reach6": "pass",
    "web.http6": "pass",
    "web.tls6": "pass",
    "web.same-content": "pass",
    "web.redirect6": "pass",
}


SHARED_SILENT = tuple(f"shared{index}.web.lab" for index in range(1, 9))
"""Names on drop6.web.lab's addresses, whose IPv6 one drops every packet."""


def _site(name: str, *addresses: str, body: str | None = None, **options: Any) -> WebSite:
    return site(name, *addresses, body=body or PAGE.format(title=name), **options)


def web_scenario() -> Scenario:
    """Web sites and mail servers for the web.* and mail.mx.reach6 checks."""
    return assemble(
        "web",
        [
            # a healthy dual-stack site with the lab CA, and its MX answering over IPv6
            Case(
                "ok.web.lab",
                ("3ffe:501:41::10", "11.41.0.10"),
                records=(
                    "ok MX 10 smtp.web.lab.",
                    "smtp AAAA 3ffe:501:43::25",
                    "smtp A 11.43.0.25",
                ),
                websites=(_site("ok.web.lab", "3ffe:501:41::10", "11.41.0.10"),),
                mail_servers=(MailServer(("3ffe:501:43::25", "11.43.0.25"), "smtp.web.lab"),),
                expect={**ALL_PASS, "mail.mx.reach6": "pass", "sec.hsts6": "pass"},
                # an IPv4-only vantage cannot judge IPv6: errors, never pass or fail
                expect_from={
                    "cli4": {
                        check_id: "error/no_local_ipv6"
                        for check_id in [*ALL_PASS, "mail.mx.reach6"]
                    }
                },
            ),
            # AAAA to an address that silently drops: connects time out
            Case(
                "drop6.web.lab",
                ("3ffe:501:41::20", "11.41.0.20"),
                websites=(_site("drop6.web.lab", "11.41.0.20"),),
                blackholes=("3ffe:501:41::20",),
                expect={
                    "web.reach6": "fail",
                    "web.http6": "fail",
                    "web.tls6": "error/timeout",
                    "web.same-content": "fail",
                    "web.redirect6": "error/timeout",
                    "mail.mx.reach6": "not_applicable",
                },
            ),
            # names of a shared platform whose AAAA all lead to that silent address: each asks
            # the same ports, and the per-host cap makes them queue for one another
            *(
                Case(
                    name,
                    ("3ffe:501:41::20", "11.41.0.20"),
                    websites=(_site(name, "11.41.0.20"),),
                    expect={"web.reach6": "fail", "web.http6": "fail"},
                )
                for name in SHARED_SILENT
            ),
            # AAAA whose address refuses (assigned, nothing listening)
            Case(
                "refuse6.web.lab",
                ("3ffe:501:41::30", "11.41.0.30"),
                websites=(_site("refuse6.web.lab", "11.41.0.30"),),
                idle=("3ffe:501:41::30",),
                expect={
                    "web.reach6": "fail",
                    "web.http6": "fail",
                    "web.tls6": "error/refused",
                    "web.same-content": "fail",
                    "web.redirect6": "error/refused",
                },
            ),
            # HSTS over IPv4 only: HTTPS over IPv6 can be downgraded where IPv4's cannot
            Case(
                "hsts4.web.lab",
                ("3ffe:501:41::b0", "11.41.0.176"),
                websites=(
                    _site("hsts4.web.lab", "11.41.0.176", headers=(HSTS,)),
                    _site("hsts4.web.lab", "3ffe:501:41::b0"),
                ),
                expect={**ALL_PASS, "sec.hsts6": "fail"},
            ),
            # the same HSTS policy from both families
            Case(
                "hsts.web.lab",
                ("3ffe:501:41::b1", "11.41.0.177"),
                websites=(
                    _site("hsts.web.lab", "3ffe:501:41::b1", "11.41.0.177", headers=(HSTS,)),
                ),
                expect={**ALL_PASS, "sec.hsts6": "pass"},
            ),
            # IPv6 serves another page (a maintenance page) with status 200
            Case(
                "diff6.web.lab",
                ("3ffe:501:41::40", "11.41.0.40"),
                websites=(
                    _site("diff6.web.lab", "11.41.0.40"),
                    _site("diff6.web.lab", "3ffe:501:41::40", body=MAINTENANCE),
                ),
                expect={**ALL_PASS, "web.same-content": "warn"},
            ),
            # IPv6 answers 503 where IPv4 answers 200
            Case(
                "err6.web.lab",
                ("3ffe:501:41::50", "11.41.0.50"),
                websites=(
                    _site("err6.web.lab", "11.41.0.50"),
                    _site("err6.web.lab", "3ffe:501:41::50", status=503),
                ),
                expect={**ALL_PASS, "web.http6": "fail", "web.same-content": "fail"},
            ),
            # a redirect to a host without AAAA
            Case(
                "redir4.web.lab",
                ("3ffe:501:41::60", "11.41.0.60"),
                websites=(
                    _site(
                        "redir4.web.lab",
                        "3ffe:501:41::60",
                        "11.41.0.60",
                        redirect="http://v4only.web.lab/",
                        status=301,
                    ),
                ),
                expect={
                    **ALL_PASS,
                    "web.http6": "fail",
                    "web.same-content": "fail",
                    "web.redirect6": "fail",
                },
            ),
            Case(
                "v4only.web.lab",
                ("11.41.0.61",),
                websites=(_site("v4only.web.lab", "11.41.0.61"),),
            ),
            # a redirect to an IPv4 literal
            Case(
                "lit4.web.lab",
                ("3ffe:501:41::70", "11.41.0.70"),
                websites=(
                    _site(
                        "lit4.web.lab",
                        "3ffe:501:41::70",
                        "11.41.0.70",
                        redirect="http://11.41.0.61/",
                    ),
                ),
                expect={
                    **ALL_PASS,
                    "web.http6": "fail",
                    "web.same-content": "fail",
                    "web.redirect6": "fail",
                },
            ),
            # a GBK page, the same over both families
            Case(
                "gbk.web.lab",
                ("3ffe:501:41::80", "11.41.0.80"),
                websites=(
                    _site(
                        "gbk.web.lab",
                        "3ffe:501:41::80",
                        "11.41.0.80",
                        body=GBK_PAGE,
                        charset="gbk",
                    ),
                ),
                expect=ALL_PASS,
            ),
            # a valid certificate over IPv6, but another one than over IPv4
            Case(
                "cert6.web.lab",
                ("3ffe:501:41::90", "11.41.0.90"),
                websites=(
                    _site("cert6.web.lab", "11.41.0.90"),
                    _site(
                        "cert6.web.lab",
                        "3ffe:501:41::90",
                        certificate_names=("cert6.web.lab", "www.cert6.web.lab"),
                    ),
                ),
                expect={**ALL_PASS, "web.tls6": "warn"},
            ),
            # a certificate for another name on both families; plain HTTP still works
            Case(
                "badtls.web.lab",
                ("3ffe:501:41::a0", "11.41.0.160"),
                websites=(
                    _site(
                        "badtls.web.lab",
                        "3ffe:501:41::a0",
                        "11.41.0.160",
                        certificate_names=("other.web.lab",),
                    ),
                ),
                expect={**ALL_PASS, "web.tls6": "fail", "web.http6": "warn"},
            ),
            # IPv6 accepts connections and never answers
            Case(
                "silent6.web.lab",
                ("3ffe:501:42::10", "11.42.0.10"),
                websites=(_site("silent6.web.lab", "11.42.0.10"),),
                raw_servers=(RawServer(("3ffe:501:42::10",), (80, 443), "silent"),),
                expect={
                    "web.reach6": "pass",
                    "web.http6": "fail",
                    "web.tls6": "error/timeout",
                    "web.same-content": "fail",
                    "web.redirect6": "error/timeout",
                },
            ),
            # hostile servers on both families: bounded time and memory, clear verdicts
            Case(
                "trickle.web.lab",
                ("3ffe:501:42::20", "11.42.0.20"),
                raw_servers=(RawServer(("3ffe:501:42::20", "11.42.0.20"), (80,), "trickle"),),
                expect={
                    "web.reach6": "pass",
                    "web.http6": "warn",
                    "web.tls6": "not_applicable",
                    "web.same-content": "error/timeout",
                    "web.redirect6": "error/timeout",
                },
            ),
            Case(
                "huge.web.lab",
                ("3ffe:501:42::30", "11.42.0.30"),
                raw_servers=(RawServer(("3ffe:501:42::30", "11.42.0.30"), (80,), "huge"),),
                expect={**ALL_PASS, "web.tls6": "not_applicable"},
            ),
            Case(
                "bomb.web.lab",
                ("3ffe:501:42::40", "11.42.0.40"),
                raw_servers=(RawServer(("3ffe:501:42::40", "11.42.0.40"), (80,), "gzip-bomb"),),
                expect={**ALL_PASS, "web.tls6": "not_applicable"},
            ),
            Case(
                "loop.web.lab",
                ("3ffe:501:42::50", "11.42.0.50"),
                raw_servers=(RawServer(("3ffe:501:42::50", "11.42.0.50"), (80,), "redirect-loop"),),
                expect={
                    "web.reach6": "pass",
                    "web.http6": "warn",
                    "web.tls6": "not_applicable",
                    "web.same-content": "error/protocol",
                    "web.redirect6": "pass",
                },
            ),
            # IPv6 resets every connection once the request arrives
            Case(
                "reset6.web.lab",
                ("3ffe:501:42::60", "11.42.0.60"),
                websites=(_site("reset6.web.lab", "11.42.0.60"),),
                raw_servers=(RawServer(("3ffe:501:42::60",), (80, 443), "reset"),),
                expect={
                    "web.reach6": "pass",
                    "web.http6": "fail",
                    "web.tls6": "error/reset",
                    "web.same-content": "fail",
                    "web.redirect6": "error/reset",
                },
            ),
            # 429 to every other request: retried once after a pause, then compared
            Case(
                "ratelimit.web.lab",
                ("3ffe:501:42::70", "11.42.0.70"),
                raw_servers=(RawServer(("3ffe:501:42::70", "11.42.0.70"), (80,), "rate-limit"),),
                expect={**ALL_PASS, "web.tls6": "not_applicable"},
            ),
            # odd status codes and many links: judged by tests/lab/test_hostile_peers.py
            Case(
                "odd.web.lab",
                ("3ffe:501:42::80", "11.42.0.80"),
                raw_servers=(RawServer(("3ffe:501:42::80", "11.42.0.80"), (80,), "odd-status"),),
            ),
            Case(
                "links.web.lab",
                ("3ffe:501:42::90", "11.42.0.90"),
                raw_servers=(RawServer(("3ffe:501:42::90", "11.42.0.90"), (80,), "many-links"),),
            ),
            # mail: an MX whose IPv6 address refuses SMTP, and a null MX
            Case(
                "mailbad.web.lab",
                records=(
                    "mailbad MX 10 smtp-bad.web.lab.",
                    "smtp-bad AAAA 3ffe:501:43::26",
                    "smtp-bad A 11.43.0.26",
                ),
                mail_servers=(MailServer(("11.43.0.26",), "smtp-bad.web.lab"),),
                idle=("3ffe:501:43::26",),
                expect={"mail.mx.reach6": "fail"},
            ),
            Case(
                "nullmx.web.lab",
                records=("nullmx MX 0 .",),
                expect={"mail.mx.reach6": "not_applicable"},
            ),
        ],
        nameservers=[NameServer("ns1.web.lab", ("3ffe:501:40::53", "11.40.0.53"), ("web.lab",))],
        zones=[Zone("web.lab")],
        vantages=[Vantage("cli"), Vantage("cli4", ipv6=False)],
    )
