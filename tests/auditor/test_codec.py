"""The stored form of outcomes."""

from __future__ import annotations

import json

from v6audit.auditor.codec import PACKED, encode_outcome, observation_types, outcome_from_json
from v6audit.probes.dns_host import AddressLookup, HostAddresses


def test_large_outcomes_are_stored_deflated_and_read_back() -> None:
    many = [f"3ffe:501:10::{index:x}" for index in range(400)]
    big = HostAddresses(
        host="www.example.cn",
        aaaa=AddressLookup(cname_chain=[], canonical="www.example.cn", addresses=many),
        a=None,
    )
    stored = encode_outcome(big)
    assert not stored.failed
    assert set(json.loads(stored.data)) == {PACKED}
    assert len(stored.data) < len(big.model_dump_json()) / 2
    assert outcome_from_json("dns.host", False, json.loads(stored.data), observation_types()) == big
    small = big.model_copy(update={"aaaa": big.aaaa.model_copy(update={"addresses": many[:2]})})
    # small ones stay readable
    assert json.loads(encode_outcome(small).data) == small.model_dump(mode="json")
    assert (
        outcome_from_json("dns.host", False, {PACKED: "not base64!"}, observation_types()) is None
    )
