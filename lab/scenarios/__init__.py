"""The lab's scenarios as data: who serves what, and what the auditor must conclude.

Addresses: 3ffe:501::/32 and 11.0.0.0/8 play the public internet (the auditor treats them as
global, as it would real addresses); documentation, ULA and other special prefixes appear only
where a scenario tests their detection. Each part is its shared infrastructure (name servers,
zones, vantages) and a list of :class:`lab.cases.Case`, one per site: its addresses, zone lines,
servers and expected verdicts in one call. Each expectation is both a test case and a line of the
demo's target list, so adding a scenario is adding one case to a part.

Parts (one module each) own disjoint address blocks, zone names and vantage names, listed in
their docstrings; :func:`full_lab` combines them into the one lab the tests and the demo use.
"""

from __future__ import annotations

from lab.scenarios.base import RESOLVER4, RESOLVER6, SILENT_RESOLVER6, base_scenario
from lab.scenarios.deep import deep_scenario
from lab.scenarios.dns import dns_scenario
from lab.scenarios.integrity import integrity_scenario
from lab.scenarios.network import network_scenario
from lab.scenarios.web import web_scenario
from lab.spec import Scenario, combine

__all__ = [
    "RESOLVER4",
    "RESOLVER6",
    "SILENT_RESOLVER6",
    "base_scenario",
    "deep_scenario",
    "full_lab",
    "integrity_scenario",
    "network_scenario",
    "web_scenario",
]


def full_lab() -> Scenario:
    """Every scenario part in one lab."""
    return combine(
        "full",
        [
            base_scenario(),
            dns_scenario(),
            network_scenario(),
            web_scenario(),
            deep_scenario(),
            integrity_scenario(),
        ],
    )
