"""Zone files derived from scenarios."""

from __future__ import annotations

from lab.spec import NameServer, Scenario, Zone
from lab.zones import zone_text


def test_lame_server_is_named_in_ns_and_delegation_but_not_loaded() -> None:
    scenario = Scenario(
        name="t",
        nameservers=[
            NameServer("ns.parent.lab", ("3ffe:501:30::1",), ("parent.lab",)),
            NameServer("ns1.child.parent.lab", ("3ffe:501:30::2",), ("child.parent.lab",)),
            NameServer("ns2.child.parent.lab", ("3ffe:501:30::3",), (), lame=("child.parent.lab",)),
        ],
        zones=[Zone("parent.lab"), Zone("child.parent.lab")],
    )
    parent = zone_text(scenario.zones[0], scenario, 1)
    assert "child.parent.lab. IN NS ns2.child.parent.lab." in parent
    assert "ns2.child.parent.lab. 300 IN AAAA 3ffe:501:30::3" in parent  # glue
    child = zone_text(scenario.zones[1], scenario, 1)
    assert "@ IN NS ns2.child.parent.lab." in child
