"""``web.pmtu6``: full-size IPv6 packets reach the user (no path-MTU black hole)."""

from __future__ import annotations

from typing import Any

from auditor.checks.usable import no_usable_ipv6
from auditor.model import Reason, Status, TargetKind, Text
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
    probes=[WebPmtuProbe, HostAddressesProbe],
)
def judge_pmtu6(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(HostAddressesProbe)
    if (bogus := no_usable_ipv6(host)) is not None:
        return bogus
    pmtu = observations.get(WebPmtuProbe)
    details: dict[str, Any] = {
        "exchanges": [e.model_dump(exclude_none=True) for e in pmtu.exchanges],
        "learned_mtu": pmtu.learned_mtu,
        "echoes": pmtu.echoes.model_dump() if pmtu.echoes else None,
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
    echoes = pmtu.echoes
    if large.reason is None and large.received > MIN_MTU:
        if pmtu.learned_mtu is None or (echoes is not None and echoes.large_replies):
            return Verdict(
                Status.PASS,
                Text(
                    f"a {large.received}-byte response completed over IPv6{_echo_note(pmtu)}",
                    f"{large.received} 字节的响应经 IPv6 完整传输{_echo_note_zh(pmtu)}",
                ),
                details,
            )
        if echoes is not None and echoes.small_reply:
            return _black_hole(pmtu, details)
        why = Reason.NEEDS_ROOT if pmtu.echo_skipped is Reason.NEEDS_ROOT else Reason.UNREACHABLE
        return Verdict(
            Status.ERROR,
            Text(
                f"not measured: this host had already learned a path MTU of {pmtu.learned_mtu} to the site, so the page never needed full-size packets, and large ICMPv6 echoes could not test the server ({why.value})",
                f"未测量：本机已学到到该站点的路径 MTU 为 {pmtu.learned_mtu}，页面无需满尺寸报文；大尺寸 ICMPv6 回显也无法检验服务器（{why.value}）",
            ),
            details,
            reason=why,
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
    return Verdict(
        Status.FAIL,
        Text(
            f"PMTU black hole: HEAD works over IPv6 but the {ipv4.received}-byte page stalls ({large.reason}) while IPv4 completes{_echo_note(pmtu)}",
            f"PMTU 黑洞：IPv6 上 HEAD 正常，但 {ipv4.received} 字节的页面停滞（{large.reason}），IPv4 正常完成{_echo_note_zh(pmtu)}",
        ),
        details,
    )


def _black_hole(pmtu: WebPmtu, details: dict[str, Any]) -> Verdict:
    """The verdict when the kernel's learned MTU hid the page test but the echoes did not."""
    assert pmtu.echoes is not None
    size, sent = pmtu.echoes.size, pmtu.echoes.sent
    return Verdict(
        Status.FAIL,
        Text(
            f"PMTU black hole: none of {sent} {size}-byte ICMPv6 echoes got a reply while small ones do, so the server never learns the path MTU (this host already knew it: {pmtu.learned_mtu}, which hid the page test)",
            f"PMTU 黑洞：{sent} 个 {size} 字节的 ICMPv6 回显均无应答而小回显有应答，服务器无法学到路径 MTU（本机已知路径 MTU 为 {pmtu.learned_mtu}，页面测试因此失效）",
        ),
        details,
    )


def _echo_note(pmtu: WebPmtu) -> str:
    echoes = pmtu.echoes
    if echoes is None or not echoes.small_reply:
        return ""
    if echoes.large_replies:
        return f"; {echoes.size}-byte ICMPv6 echoes are answered"
    return f"; {echoes.size}-byte ICMPv6 echoes get no reply while small ones do"


def _echo_note_zh(pmtu: WebPmtu) -> str:
    echoes = pmtu.echoes
    if echoes is None or not echoes.small_reply:
        return ""
    if echoes.large_replies:
        return f"；{echoes.size} 字节的 ICMPv6 回显有应答"
    return f"；{echoes.size} 字节的 ICMPv6 回显无应答而小回显有应答"
