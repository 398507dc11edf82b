"""``web.latency6``: IPv6 as fast as IPv4 at every stage, over repeated samples."""

from __future__ import annotations

from statistics import median
from typing import Any

from auditor.checks.usable import no_usable_ipv6, not_compared
from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from probes.dns_host import HostAddressesProbe
from probes.web_latency import SAMPLES, SPACING, Sample, WebLatencyProbe

STAGES = ("dns_ms", "connect_ms", "first_byte_ms", "page_ms")


def medians(samples: list[Sample], family: int) -> dict[str, float]:
    """Median of each stage over the samples of ``family`` that measured it."""
    found: dict[str, float] = {}
    for stage in STAGES:
        values = [v for s in samples if s.family == family and (v := getattr(s, stage)) is not None]
        if values:
            found[stage] = round(median(values), 2)
    return found


def excess(v6: float, v4: float) -> float:
    """(v6 / v4) - 1, the monitoring's degradation ratio; 0 when both are 0."""
    if v4 <= 0:
        return 0.0 if v6 <= 0 else float("inf")
    return v6 / v4 - 1


def lagging(six: dict[str, float], four: dict[str, float], params: Any) -> dict[str, float]:
    """Stages where IPv6 is slower than the ratio allows and by more than the slack."""
    slow: dict[str, float] = {}
    for stage in STAGES:
        if stage in six and stage in four:
            ratio = excess(six[stage], four[stage])
            if ratio > params["max_ratio"] and six[stage] - four[stage] > params["slack_ms"]:
                slow[stage] = round(ratio, 3)
    return slow


@check(
    "web.latency6",
    kind=TargetKind.DOMAIN,
    title=Text("IPv6 is as fast as IPv4", "IPv6 访问时延与 IPv4 相当"),
    explanation=Text(
        "Over repeated samples, the medians of DNS resolution, TCP connect, time to first byte and full page load are compared per family: (IPv6 / IPv4) - 1 must not exceed the profile's ratio (0.2 by default) at any stage. Differences smaller than a few milliseconds are measurement noise and count as parity.",
        "多次采样后按地址族比较 DNS 解析、TCP 建连、首字节和整页加载时间的中位数：每个阶段的 (IPv6 / IPv4) - 1 不得超过配置的比例（默认 0.2）。数毫秒以内的差异属于测量噪声，视为持平。",
    ),
    remedy=Text(
        "Find where IPv6 loses time: a longer route or a tunnel, an IPv6 path through a slower load balancer or firewall, a server slow only on its IPv6 listener, or name servers slow over IPv6.",
        "查找 IPv6 变慢的环节：更长的路由或隧道、经过较慢的负载均衡或防火墙、仅 IPv6 监听变慢的服务器，或经 IPv6 较慢的域名服务器。",
    ),
    probes=[WebLatencyProbe, HostAddressesProbe],
    defaults={"samples": SAMPLES, "spacing": SPACING, "max_ratio": 0.2, "slack_ms": 5.0},
)
def judge_latency6(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(HostAddressesProbe)
    if (bogus := no_usable_ipv6(host)) is not None:
        return bogus
    if (alone := not_compared(host)) is not None:
        return alone
    latency = observations.get(WebLatencyProbe)
    six, four = medians(latency.samples, 6), medians(latency.samples, 4)
    counts = {
        f: sum(s.family == f and s.page_ms is not None for s in latency.samples) for f in (6, 4)
    }
    details: dict[str, Any] = {
        "url": latency.url,
        "addresses": latency.addresses,
        "samples": {"wanted": latency.wanted, "ipv6": counts[6], "ipv4": counts[4]},
        "spacing": latency.spacing,
        "medians": {"ipv6": six, "ipv4": four},
        "failures": [s.model_dump(exclude_none=True) for s in latency.samples if s.reason],
    }
    if "6" not in latency.addresses or "4" not in latency.addresses or not counts[4]:
        return Verdict(
            Status.NOT_APPLICABLE,
            Text(
                "not applicable: no IPv4 and IPv6 page loads to compare",
                "不适用：没有可比较的 IPv4 与 IPv6 页面加载",
            ),
            details,
        )
    if not counts[6]:
        return Verdict(
            Status.FAIL,
            Text("the page never loaded over IPv6", "页面始终无法经 IPv6 加载"),
            details,
        )
    slow = lagging(six, four, context.params)
    details["ratios"] = {
        s: round(excess(six[s], four[s]), 3) for s in STAGES if s in six and s in four
    }
    details["lagging"] = slow
    summary = ", ".join(
        f"{s.removesuffix('_ms')} {six[s]:g}/{four[s]:g} ms"
        for s in STAGES
        if s in six and s in four
    )
    if slow:
        listed = ", ".join(f"{s.removesuffix('_ms')} +{r:.0%}" for s, r in slow.items())
        return Verdict(
            Status.WARN,
            Text(
                f"IPv6 slower than IPv4 ({listed}); medians IPv6/IPv4 over {counts[6]} samples: {summary}",
                f"IPv6 慢于 IPv4（{listed}）；{counts[6]} 次采样中位数 IPv6/IPv4：{summary}",
            ),
            details,
        )
    return Verdict(
        Status.PASS,
        Text(
            f"IPv6 keeps pace with IPv4 over {counts[6]} samples: {summary}",
            f"{counts[6]} 次采样中 IPv6 与 IPv4 时延相当：{summary}",
        ),
        details,
    )
