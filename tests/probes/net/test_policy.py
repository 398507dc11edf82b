"""The address policy: which addresses count as a service's, which the gate may contact."""

from __future__ import annotations

import ipaddress

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Scope

GLOBAL = ["3ffe:501:10::80", "2400:3200::1", "11.1.0.1", "2001:4:112::1"]
TRANSLATED = [
    "::ffff:11.1.0.20",  # IPv4-mapped: the kernel sends it over IPv4
    "::ffff:127.0.0.1",
    "::11.1.0.20",  # IPv4-compatible
    "64:ff9b::b01:14",  # NAT64 well-known prefix
    "64:ff9b::7f00:1",  # ... hiding 127.0.0.1
    "64:ff9b:1::b01:14",  # NAT64 local-use prefix
    "2002:b01:14::1",  # 6to4
    "2001:0:b01:14::1",  # Teredo
]
LOCAL = [
    "127.0.0.1",
    "0.0.0.0",
    "169.254.169.254",  # cloud metadata
    "10.0.0.1",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fe80::1%eth0",  # a zone identifier: link-local all the same
    "ff02::1",
    "fd00::1",
    "fec0::1",
    "2001:db8::80",
    "3fff::80",
    "100::1",
    "not-an-address",
]


@pytest.mark.parametrize("address", GLOBAL)
def test_global_addresses_are_usable_and_contacted(address: str) -> None:
    policy = AddressPolicy()
    assert policy.unusable(address) is None
    policy.check(address)


@pytest.mark.parametrize("address", TRANSLATED)
def test_translated_forms_are_never_ipv6_and_never_contacted(address: str) -> None:
    for policy in (AddressPolicy(), AddressPolicy(Scope.INTERNAL, allow_private=True)):
        found = policy.unusable(address)
        assert found is not None
        assert found.translated
        with pytest.raises(ProbeError) as raised:
            policy.check(address)
        assert raised.value.reason is Reason.POLICY
        assert address in str(raised.value)
        assert "RFC" in str(raised.value)


@pytest.mark.parametrize("address", LOCAL)
def test_local_and_special_addresses_are_refused_unless_allowed(address: str) -> None:
    found = AddressPolicy().unusable(address)
    assert found is not None
    assert not found.translated
    with pytest.raises(ProbeError, match="--allow-private"):
        AddressPolicy().check(address)
    assert AddressPolicy(allow_private=True).refusal(address) is None


@pytest.mark.parametrize("address", ["fd00::1", "10.0.0.1", "100.64.0.1"])
def test_internal_scope_accepts_intranet_addresses(address: str) -> None:
    assert AddressPolicy(Scope.INTERNAL).unusable(address) is None


def test_a_learned_nat64_prefix_is_ipv4() -> None:
    policy = AddressPolicy()
    assert policy.unusable("3ffe:501:64:64::b01:14") is None
    policy.learn_nat64([ipaddress.IPv6Network("3ffe:501:64:64::/96")])
    found = policy.unusable("3ffe:501:64:64::b01:14")
    assert found is not None
    assert found.translated
    assert "NAT64" in found.why
    assert policy.unusable("3ffe:501:64:65::1") is None


def test_pick_prefers_an_address_that_may_be_contacted() -> None:
    policy = AddressPolicy()
    assert policy.pick(["::1", "3ffe:501:10::80"]) == "3ffe:501:10::80"
    assert policy.pick([]) is None
    refused = policy.pick(["::ffff:127.0.0.1", "::1"])
    assert refused is not None
    assert not isinstance(refused, str)
    assert refused.address == "::ffff:127.0.0.1"
