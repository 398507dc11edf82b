from __future__ import annotations

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.net.routes import default_route_interface, require_route, source_address


def test_loopback_always_has_a_route() -> None:
    assert source_address("127.0.0.1") == "127.0.0.1"


def test_no_route_is_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("v6audit.probes.net.routes.source_address", lambda address: None)
    with pytest.raises(ProbeError) as caught:
        require_route("3ffe:501::1")
    assert caught.value.reason is Reason.NO_LOCAL_IPV6
    with pytest.raises(ProbeError) as caught:
        require_route("11.0.0.1")
    assert caught.value.reason is Reason.UNREACHABLE


def test_default_routes_from_the_kernel_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = {
        "/proc/net/route": "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
        "up0\t00000000\t0102FF0B\t0003\t0\t0\t0\t00000000\t0\t0\t0\n",
        "/proc/net/ipv6_route": (
            "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
            "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n"
        ),
    }
    monkeypatch.setattr("v6audit.probes.net.routes._read", tables.__getitem__)
    assert default_route_interface(4) == "up0"
    assert default_route_interface(6) is None  # only the kernel's unreachable placeholder
    tables["/proc/net/ipv6_route"] += (
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
        "3ffe0501ff0300000000000000000001 00000400 00000001 00000000 00000003     lab0\n"
    )
    assert default_route_interface(6) == "lab0"


@pytest.mark.parametrize("address", ["fe80::1", "fe80::1%eth9", "ff02::1"])
def test_addresses_no_route_can_reach_are_unreachable_not_a_crash(address: str) -> None:
    with pytest.raises(ProbeError) as raised:
        source_address(address)
    assert raised.value.reason is Reason.UNREACHABLE
