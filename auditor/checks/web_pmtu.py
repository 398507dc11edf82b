"""``web.pmtu6``: full-size IPv6 packets reach the user (no path-MTU black hole)."""

from __future__ import annotations

from typing import Any

from auditor.checks.usable import no_usable_ipv6
from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from probes.dns_host import HostAddressesProbe
from probes.web_pmtu import Exchange, WebPmtu, WebPmtuProbe

MIN_MTU = 1280
"""A response larger than the IPv6 minimum MTU needs full-size packets, hence working PMTUD."""


def _find(pmtu: WebPmtu, family: int, method: str) -> Exchange | None:
    return next((e for e in pmtu.exchanges if e.family == family and e.method == method), None)


@check(
    "web.pmtu6",
    kind=TargetKind.DOMAIN,
    title=Text("Large responses complete over IPv6", "大报文响应可经 IPv6 完整传输"),
    explanation=Text(
        "A small exchange (HEAD) and a large one (the page, over 1280 bytes) are made over plain HTTP on each family. If the small one works and the large one stalls over IPv6 while IPv4 completes, ICMPv6 Packet Too Big is filtered on the path: a PMTU black hole. With root, a large ICMPv6 echo adds evidence.",
        "经明文 HTTP 在两种协议上分别进行一次小交互（HEAD）和一次大交互（超过 1280 字节的页面）。若 IPv6 小交互正常、大交互停滞而 IPv4 完成，说明路径上过滤了 ICMPv6 Packet Too Big，形成 PMTU 黑洞。具备 root 权限时，还会以大尺寸 ICMPv6 回显补充证据。",
    ),
    remedy=Text(
        "Let ICMPv6 Packet Too Big (type 2) through every firewall and load balancer on the path (RFC 4890), or clamp the TCP MSS on the IPv6 side.",
        "在路径上的所有防火墙和负载均衡放行 ICMPv6 Packet Too Big（类型 2，见 RFC 4890），或在 IPv6 侧钳制 TCP MSS。",
    ),
    probes=[WebPmtuProbe, HostAddressesProbe],
)
def judge_pmtu6(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(HostAddressesProbe)
    if (bogus := no_usable_ipv6(host)) is not None:
        return bogus
    pmtu = observations.get(WebPmtuProbe)
    details: dict[str, Any] = {
        "exchanges": [e.model_dump(exclude_none=True) for e in pmtu.exchanges],
        "echo": pmtu.echo.model_dump(exclude_none=True) if pmtu.echo else None,
        "echo_skipped": pmtu.echo_skipped,
    }
    small, large = _find(pmtu, 6, "HEAD"), _find(pmtu, 6, "GET")
    ipv4 = _find(pmtu, 4, "GET")
    if small is None or large is None or small.reason is not None:
        return Verdict(
            Status.NOT_APPLICABLE,
            Text(
                "not applicable: no small exchange works over IPv6 (see web.reach6 and web.http6)",
                "不适用：IPv6 上连小交互也无法完成（见 web.reach6 与 web.http6）",
            ),
            details,
        )
    if large.reason is None and large.received > MIN_MTU:
        return Verdict(
            Status.PASS,
            Text(
                f"a {large.received}-byte response completed over IPv6",
                f"{large.received} 字节的响应经 IPv6 完整传输",
            ),
            details,
        )
    if ipv4 is None or ipv4.reason is not None or ipv4.received <= MIN_MTU:
        return Verdict(
            Status.NOT_APPLICABLE,
            Text(
                "not applicable: no response larger than 1280 bytes to compare over IPv4",
                "不适用：IPv4 上没有超过 1280 字节的响应可供比较",
            ),
            details,
        )
    seen = ""
    if pmtu.echo is not None:
        seen = f"; a {pmtu.echo.size}-byte ICMPv6 echo got: {pmtu.echo.answer}"
    return Verdict(
        Status.FAIL,
        Text(
            f"PMTU black hole: HEAD works over IPv6 but the {ipv4.received}-byte page stalls ({large.reason}) while IPv4 completes{seen}",
            f"PMTU 黑洞：IPv6 上 HEAD 正常，但 {ipv4.received} 字节的页面停滞（{large.reason}），IPv4 正常完成{seen}",
        ),
        details,
    )
