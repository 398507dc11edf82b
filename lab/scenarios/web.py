"""Web and mail over each family: healthy, broken, different and hostile servers.

Zone ``web.lab`` (one host name per scenario). Address blocks of this part: 3ffe:501:40::/44
(3ffe:501:40:: name server, :41:: nginx sites, :42:: raw servers, :43:: mail) and 11.40/16 to
11.49/16 (11.40 name server, 11.41 nginx, 11.42 raw servers, 11.43 mail).
"""

from __future__ import annotations

from typing import Any

from lab.spec import Expect, MailServer, NameServer, RawServer, Scenario, Vantage, WebSite, Zone

PAGE = "<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>Opening hours, news and services of the {title} office. Every citizen can reach this page over IPv6 and over IPv4.</p><ul><li>News</li><li>Services</li><li>Contact</li></ul></body></html>"
MAINTENANCE = "<!doctype html><html><head><title>Maintenance</title></head><body><h1>Down for maintenance</h1><p>Please come back later.</p></body></html>"
GBK_PAGE = '<!doctype html><html><head><meta charset="gbk"><title>政务服务</title></head><body><h1>政务服务网</h1><p>欢迎访问本网站。本网站同时支持 IPv6 与 IPv4 访问，办事指南、政策文件和便民服务一应俱全。</p></body></html>'

ALL_PASS = {
    "web.reach6": "pass",
    "web.http6": "pass",
    "web.tls6": "pass",
    "web.same-content": "pass",
    "web.redirect6": "pass",
}


def _site(name: str, *addresses: str, body: str | None = None, **options: Any) -> WebSite:
    return WebSite((name,), addresses, body or PAGE.format(title=name), **options)


def web_scenario() -> Scenario:
    """Web sites and mail servers for the web.* and mail.mx.reach6 checks."""
    return Scenario(
        name="web",
        nameservers=[NameServer("ns1.web.lab", ("3ffe:501:40::53", "11.40.0.53"), ("web.lab",))],
        zones=[
            Zone(
                "web.lab",
                (
                    "ok AAAA 3ffe:501:41::10",
                    "ok A 11.41.0.10",
                    "ok MX 10 smtp.web.lab.",
                    "smtp AAAA 3ffe:501:43::25",
                    "smtp A 11.43.0.25",
                    "drop6 AAAA 3ffe:501:41::20",
                    "drop6 A 11.41.0.20",
                    "refuse6 AAAA 3ffe:501:41::30",
                    "refuse6 A 11.41.0.30",
                    "diff6 AAAA 3ffe:501:41::40",
                    "diff6 A 11.41.0.40",
                    "err6 AAAA 3ffe:501:41::50",
                    "err6 A 11.41.0.50",
                    "redir4 AAAA 3ffe:501:41::60",
                    "redir4 A 11.41.0.60",
                    "v4only A 11.41.0.61",
                    "lit4 AAAA 3ffe:501:41::70",
                    "lit4 A 11.41.0.70",
                    "gbk AAAA 3ffe:501:41::80",
                    "gbk A 11.41.0.80",
                    "cert6 AAAA 3ffe:501:41::90",
                    "cert6 A 11.41.0.90",
                    "badtls AAAA 3ffe:501:41::a0",
                    "badtls A 11.41.0.160",
                    "silent6 AAAA 3ffe:501:42::10",
                    "silent6 A 11.42.0.10",
                    "trickle AAAA 3ffe:501:42::20",
                    "trickle A 11.42.0.20",
                    "huge AAAA 3ffe:501:42::30",
                    "huge A 11.42.0.30",
                    "bomb AAAA 3ffe:501:42::40",
                    "bomb A 11.42.0.40",
                    "loop AAAA 3ffe:501:42::50",
                    "loop A 11.42.0.50",
                    "reset6 AAAA 3ffe:501:42::60",
                    "reset6 A 11.42.0.60",
                    "ratelimit AAAA 3ffe:501:42::70",
                    "ratelimit A 11.42.0.70",
                    "odd AAAA 3ffe:501:42::80",
                    "odd A 11.42.0.80",
                    "links AAAA 3ffe:501:42::90",
                    "links A 11.42.0.90",
                    "mailbad MX 10 smtp-bad.web.lab.",
                    "smtp-bad AAAA 3ffe:501:43::26",
                    "smtp-bad A 11.43.0.26",
                    "nullmx MX 0 .",
                ),
            ),
        ],
        websites=[
            _site("ok.web.lab", "3ffe:501:41::10", "11.41.0.10"),
            _site("drop6.web.lab", "11.41.0.20"),
            _site("refuse6.web.lab", "11.41.0.30"),
            _site("diff6.web.lab", "11.41.0.40"),
            _site("diff6.web.lab", "3ffe:501:41::40", body=MAINTENANCE),
            _site("err6.web.lab", "11.41.0.50"),
            _site("err6.web.lab", "3ffe:501:41::50", status=503),
            _site(
                "redir4.web.lab",
                "3ffe:501:41::60",
                "11.41.0.60",
                redirect="http://v4only.web.lab/",
                status=301,
            ),
            _site("v4only.web.lab", "11.41.0.61"),
            _site("lit4.web.lab", "3ffe:501:41::70", "11.41.0.70", redirect="http://11.41.0.61/"),
            _site("gbk.web.lab", "3ffe:501:41::80", "11.41.0.80", body=GBK_PAGE, charset="gbk"),
            _site("cert6.web.lab", "11.41.0.90"),
            _site(
                "cert6.web.lab",
                "3ffe:501:41::90",
                certificate_names=("cert6.web.lab", "www.cert6.web.lab"),
            ),
            _site(
                "badtls.web.lab",
                "3ffe:501:41::a0",
                "11.41.0.160",
                certificate_names=("other.web.lab",),
            ),
            _site("silent6.web.lab", "11.42.0.10"),
            _site("reset6.web.lab", "11.42.0.60"),
        ],
        raw_servers=[
            RawServer(("3ffe:501:42::10",), (80, 443), "silent"),
            RawServer(("3ffe:501:42::20", "11.42.0.20"), (80,), "trickle"),
            RawServer(("3ffe:501:42::30", "11.42.0.30"), (80,), "huge"),
            RawServer(("3ffe:501:42::40", "11.42.0.40"), (80,), "gzip-bomb"),
            RawServer(("3ffe:501:42::50", "11.42.0.50"), (80,), "redirect-loop"),
            RawServer(("3ffe:501:42::60",), (80, 443), "reset"),
            RawServer(("3ffe:501:42::70", "11.42.0.70"), (80,), "rate-limit"),
            RawServer(("3ffe:501:42::80", "11.42.0.80"), (80,), "odd-status"),
            RawServer(("3ffe:501:42::90", "11.42.0.90"), (80,), "many-links"),
        ],
        mail_servers=[
            MailServer(("3ffe:501:43::25", "11.43.0.25"), "smtp.web.lab"),
            MailServer(("11.43.0.26",), "smtp-bad.web.lab"),
        ],
        blackholes=("3ffe:501:41::20",),
        idle=("3ffe:501:41::30", "3ffe:501:43::26"),
        vantages=[Vantage("cli"), Vantage("cli4", ipv6=False)],
        expectations=[
            # a healthy dual-stack site with the lab CA, and its MX answering over IPv6
            Expect("ok.web.lab", {**ALL_PASS, "mail.mx.reach6": "pass"}),
            # AAAA to an address that silently drops: connects time out
            Expect(
                "drop6.web.lab",
                {
                    "web.reach6": "fail",
                    "web.http6": "fail",
                    "web.tls6": "error/timeout",
                    "web.same-content": "fail",
                    "web.redirect6": "error/timeout",
                    "mail.mx.reach6": "not_applicable",
                },
            ),
            # AAAA whose address refuses (assigned, nothing listening)
            Expect(
                "refuse6.web.lab",
                {
                    "web.reach6": "fail",
                    "web.http6": "fail",
                    "web.tls6": "error/refused",
                    "web.same-content": "fail",
                    "web.redirect6": "error/refused",
                },
            ),
            # IPv6 serves another page (a maintenance page) with status 200
            Expect("diff6.web.lab", {**ALL_PASS, "web.same-content": "warn"}),
            # IPv6 answers 503 where IPv4 answers 200
            Expect("err6.web.lab", {**ALL_PASS, "web.http6": "fail", "web.same-content": "fail"}),
            # a redirect to a host without AAAA, and to an IPv4 literal
            Expect(
                "redir4.web.lab",
                {
                    **ALL_PASS,
                    "web.http6": "fail",
                    "web.same-content": "fail",
                    "web.redirect6": "fail",
                },
            ),
            Expect(
                "lit4.web.lab",
                {
                    **ALL_PASS,
                    "web.http6": "fail",
                    "web.same-content": "fail",
                    "web.redirect6": "fail",
                },
            ),
            # a GBK page, the same over both families
            Expect("gbk.web.lab", ALL_PASS),
            # a valid certificate over IPv6, but another one than over IPv4
            Expect("cert6.web.lab", {**ALL_PASS, "web.tls6": "warn"}),
            # a certificate for another name on both families; plain HTTP still works
            Expect("badtls.web.lab", {**ALL_PASS, "web.tls6": "fail", "web.http6": "warn"}),
            # IPv6 accepts connections and never answers
            Expect(
                "silent6.web.lab",
                {
                    "web.reach6": "pass",
                    "web.http6": "fail",
                    "web.tls6": "error/timeout",
                    "web.same-content": "fail",
                    "web.redirect6": "error/timeout",
                },
            ),
            # IPv6 resets every connection once the request arrives
            Expect(
                "reset6.web.lab",
                {
                    "web.reach6": "pass",
                    "web.http6": "fail",
                    "web.tls6": "error/reset",
                    "web.same-content": "fail",
                    "web.redirect6": "error/reset",
                },
            ),
            # hostile servers on both families: bounded time and memory, clear verdicts
            Expect(
                "trickle.web.lab",
                {
                    "web.reach6": "pass",
                    "web.http6": "warn",
                    "web.tls6": "not_applicable",
                    "web.same-content": "error/timeout",
                    "web.redirect6": "error/timeout",
                },
            ),
            Expect("huge.web.lab", {**ALL_PASS, "web.tls6": "not_applicable"}),
            Expect("bomb.web.lab", {**ALL_PASS, "web.tls6": "not_applicable"}),
            Expect(
                "loop.web.lab",
                {
                    "web.reach6": "pass",
                    "web.http6": "warn",
                    "web.tls6": "not_applicable",
                    "web.same-content": "error/protocol",
                    "web.redirect6": "pass",
                },
            ),
            # 429 to every other request: retried once after a pause, then compared
            Expect("ratelimit.web.lab", {**ALL_PASS, "web.tls6": "not_applicable"}),
            # mail: an MX whose IPv6 address refuses SMTP, and a null MX
            Expect("mailbad.web.lab", {"mail.mx.reach6": "fail"}),
            Expect("nullmx.web.lab", {"mail.mx.reach6": "not_applicable"}),
            # an IPv4-only vantage cannot judge IPv6: errors, never pass or fail
            Expect(
                "ok.web.lab",
                {check_id: "error/no_local_ipv6" for check_id in [*ALL_PASS, "mail.mx.reach6"]},
                vantage="cli4",
            ),
        ],
    )
