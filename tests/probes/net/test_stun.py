from __future__ import annotations

import pytest

from v6audit.probes.net import stun
from v6audit.probes.net.errors import ProtocolError

TID = bytes(range(12))


def test_request_layout() -> None:
    request = stun.binding_request(TID)
    assert request[:8] == bytes.fromhex("000100002112a442")
    assert request[8:] == TID


@pytest.mark.parametrize(
    ("address", "port"), [("11.255.3.2", 40000), ("3ffe:501:66:1::2", 3478), ("0.0.0.1", 1)]
)
def test_response_round_trip(address: str, port: int) -> None:
    message = stun.decode(stun.binding_response(TID, address, port))
    assert message.transaction_id == TID
    assert stun.mapped_address(message) == (address, port)


def test_xor_mapped_address_matches_rfc_5769_vector() -> None:
    # RFC 5769 section 2.2: 192.0.2.1 port 32853 XORed with the magic cookie
    value = bytes.fromhex("0001a147e112a643")
    message = stun.StunMessage(stun.BINDING_SUCCESS, TID, ((stun.XOR_MAPPED_ADDRESS, value),))
    assert stun.mapped_address(stun.decode(stun.encode(message))) == ("192.0.2.1", 32853)


def test_plain_mapped_address_fallback() -> None:
    value = bytes.fromhex("00010050") + bytes([11, 0, 0, 1])
    message = stun.StunMessage(stun.BINDING_SUCCESS, TID, ((stun.MAPPED_ADDRESS, value),))
    assert stun.mapped_address(message) == ("11.0.0.1", 80)


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00" * 19, bytes.fromhex("0001000012345678") + TID, stun.binding_request(TID) + b"x"],
)
def test_garbage_is_a_protocol_error(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        stun.decode(data)


def test_error_response_has_no_address() -> None:
    with pytest.raises(ProtocolError):
        stun.mapped_address(stun.decode(stun.binding_request(TID)))
