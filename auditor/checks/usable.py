"""What a check says when a host's AAAA are all bogus, or when it has no IPv4 to compare with.

Shared by every check that needs a working IPv6 address (web, latency, PMTU, ports, ICMPv6) or
compares IPv6 with IPv4, so they all name bogus addresses the same way and all treat an
IPv6-only host (what the 2023 opinion asks new services to be) as the goal, not as an error.
"""

from __future__ import annotations

from auditor.model import Status, Text
from auditor.registry import Verdict
from probes.dns_host import HostAddresses

NO_USABLE_REMEDY = Text(
    "Publish AAAA records that are the service's own global unicast IPv6 addresses: remove IPv4-mapped, NAT64, 6to4, Teredo, documentation, local and other special-purpose addresses, and give the host a real IPv6 address.",
    "发布该服务自己的全球单播 IPv6 地址作为 AAAA 记录：删除 IPv4 映射、NAT64、6to4、Teredo、文档、本地等特殊用途地址，并为主机配置真实的 IPv6 地址。",
)


def no_usable_ipv6(found: HostAddresses) -> Verdict | None:
    """A fail naming each bogus AAAA and its block when the host has AAAA but none is usable;
    None when some AAAA is usable, or when there is no AAAA at all (each check says that)."""
    if not found.aaaa.addresses or found.usable6:
        return None
    bogus = found.unusable_in(found.aaaa.addresses)
    listed = "; ".join(u.describe() for u in bogus)
    return Verdict(
        Status.FAIL,
        Text(
            f"no usable IPv6 address: {listed} (not connected to: no exchange with it shows IPv6 works)",
            f"无可用的 IPv6 地址：{listed}（未连接：与其交互无法证明 IPv6 可用）",
        ),
        {"unusable": [u.model_dump() for u in bogus]},
        remedy=NO_USABLE_REMEDY,
    )


def ipv6_only(found: HostAddresses) -> Text | None:
    """Why there is no IPv4 to compare with, for a host that is IPv6-only; None otherwise."""
    if not found.ipv6_only:
        return None
    assert found.a is not None
    bogus = found.unusable_in(found.a.addresses)
    if bogus:
        listed = "; ".join(u.describe() for u in bogus)
        return Text(
            f"the host is IPv6-only (no usable A record: {listed})",
            f"该主机为纯 IPv6（无可用的 A 记录：{listed}）",
        )
    return Text("the host is IPv6-only (no A record)", "该主机为纯 IPv6（无 A 记录）")


def not_compared(found: HostAddresses) -> Verdict | None:
    """``not_applicable`` for a comparison with IPv4 on an IPv6-only host; None otherwise."""
    why = ipv6_only(found)
    if why is None:
        return None
    return Verdict(
        Status.NOT_APPLICABLE,
        Text(
            f"not applicable: {why.en}, so there is no IPv4 to compare with",
            f"不适用：{why.zh}，没有可比较的 IPv4",
        ),
        {"ipv6": found.usable6},
    )
