"""Route detection on real vantages: dual-stack and IPv4-only."""

from __future__ import annotations

import pytest

from lab.build import Lab
from v6audit.probes.net.routes import source_address


@pytest.mark.lab
def test_dual_stack_vantage_has_routes(lab: Lab) -> None:
    assert lab.run_in(lambda: source_address("3ffe:501:10::80")) == "3ffe:501:ff00::2"


@pytest.mark.lab
def test_ipv4_only_vantage_has_no_ipv6_route(lab: Lab) -> None:
    source_address.cache_clear()  # one process plays two vantages here; the product is one
    assert lab.run_in(lambda: source_address("3ffe:501:10::80"), vantage="cli4") is None
    assert lab.run_in(lambda: source_address("11.10.0.80"), vantage="cli4") is not None
