"""What a check says when a host's AAAA are all bogus, or when it has no IPv4 to compare with.

Shared by every check that needs a working IPv6 address (web, latency, PMTU, ports, ICMPv6) or
compares IPv6 with IPv4, so they all name bogus addresses the same way and all treat an
IPv6-only host (what the 2023 opinion asks new services to be) as the goal, not as an error.
"""

from __future__ import annotations

from v6audit.auditor.catalog import msg
from v6audit.auditor.model import Status, Text
from v6audit.auditor.registry import Verdict
from v6audit.probes.dns_host import HostAddresses

NO_USABLE_REMEDY = msg("common.no_usable_remedy")


def no_usable_ipv6(found: HostAddresses) -> Verdict | None:
    """A fail naming each bogus AAAA and its block when the host has AAAA but none is usable;
    None when some AAAA is usable, or when there is no AAAA at all (each check says that)."""
    if not found.aaaa.addresses or found.usable6:
        return None
    bogus = found.unusable_in(found.aaaa.addresses)
    listed = "; ".join(u.describe() for u in bogus)
    return Verdict(
        Status.FAIL,
        msg("common.no_usable_ipv6_address", listed=listed),
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
        return msg("common.ipv6_only_no_usable_a", listed=listed)
    return msg("common.ipv6_only_no_a")


def not_compared(found: HostAddresses) -> Verdict | None:
    """``not_applicable`` for a comparison with IPv4 on an IPv6-only host; None otherwise."""
    why = ipv6_only(found)
    if why is None:
        return None
    return Verdict(
        Status.NOT_APPLICABLE,
        msg("common.ipv6_only_not_compared", why=why),
        {"ipv6": found.usable6},
    )
