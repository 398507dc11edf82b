"""STUN Binding messages (RFC 8489): the little the auditor and its reflector need.

A Binding request asks a server which transport address it saw the request come from; the answer
is the XOR-MAPPED-ADDRESS attribute (XORed with the magic cookie so NATs that rewrite addresses in
payloads cannot tamper with it). Old servers answer MAPPED-ADDRESS (RFC 3489), read as a fallback.
Both the probe and ``v6audit reflector`` use this one codec.
"""

from __future__ import annotations

import ipaddress
import struct
from dataclasses import dataclass

from v6audit.probes.net.errors import ProtocolError

MAGIC_COOKIE = 0x2112A442
BINDING_REQUEST = 0x0001
BINDING_SUCCESS = 0x0101
MAPPED_ADDRESS = 0x0001
XOR_MAPPED_ADDRESS = 0x0020
HEADER = struct.Struct("!HHI12s")
_FAMILIES = {1: 4, 2: 6}


@dataclass(frozen=True, slots=True)
class StunMessage:
    kind: int
    transaction_id: bytes
    attributes: tuple[tuple[int, bytes], ...] = ()


def binding_request(transaction_id: bytes) -> bytes:
    if len(transaction_id) != 12:
        raise ValueError("a STUN transaction ID is 12 bytes")
    return encode(StunMessage(BINDING_REQUEST, transaction_id))


def binding_response(transaction_id: bytes, address: str, port: int) -> bytes:
    """A success response telling the client ``address``:``port`` (XOR-MAPPED-ADDRESS)."""
    value = _xor_address(ipaddress.ip_address(address), port, transaction_id)
    return encode(StunMessage(BINDING_SUCCESS, transaction_id, ((XOR_MAPPED_ADDRESS, value),)))


def encode(message: StunMessage) -> bytes:
    body = b""
    for kind, value in message.attributes:
        padding = b"\0" * (-len(value) % 4)
        body += struct.pack("!HH", kind, len(value)) + value + padding
    return HEADER.pack(message.kind, len(body), MAGIC_COOKIE, message.transaction_id) + body


def decode(data: bytes) -> StunMessage:
    """Parse a STUN message; raise ProtocolError for anything that is not one."""
    if len(data) < HEADER.size:
        raise ProtocolError(f"STUN message too short ({len(data)} bytes)")
    kind, length, cookie, transaction_id = HEADER.unpack_from(data)
    if kind & 0xC000 or cookie != MAGIC_COOKIE:
        raise ProtocolError("not a STUN message (bad type bits or magic cookie)")
    if length % 4 or HEADER.size + length != len(data):
        raise ProtocolError(f"STUN length {length} does not match the datagram")
    attributes = []
    offset = HEADER.size
    while offset < len(data):
        if offset + 4 > len(data):
            raise ProtocolError("truncated STUN attribute header")
        attr_kind, attr_length = struct.unpack_from("!HH", data, offset)
        value = data[offset + 4 : offset + 4 + attr_length]
        if len(value) != attr_length:
            raise ProtocolError("truncated STUN attribute")
        attributes.append((attr_kind, value))
        offset += 4 + attr_length + (-attr_length % 4)
    return StunMessage(kind, transaction_id, tuple(attributes))


def mapped_address(message: StunMessage) -> tuple[str, int]:
    """The address and port a Binding success response reports (XOR-MAPPED-ADDRESS first)."""
    if message.kind != BINDING_SUCCESS:
        raise ProtocolError(f"STUN answer is not a Binding success (type 0x{message.kind:04x})")
    found = dict(message.attributes)
    if XOR_MAPPED_ADDRESS in found:
        return _read_address(found[XOR_MAPPED_ADDRESS], message.transaction_id)
    if MAPPED_ADDRESS in found:
        return _read_address(found[MAPPED_ADDRESS], None)
    raise ProtocolError("STUN answer carries no mapped address")


def _mask(version: int, transaction_id: bytes) -> bytes:
    cookie = struct.pack("!I", MAGIC_COOKIE)
    return cookie if version == 4 else cookie + transaction_id


def _xor(data: bytes, mask: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, mask, strict=True))


def _xor_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int, tid: bytes) -> bytes:
    family = 1 if ip.version == 4 else 2
    x_port = port ^ (MAGIC_COOKIE >> 16)
    return struct.pack("!BBH", 0, family, x_port) + _xor(ip.packed, _mask(ip.version, tid))


def _read_address(value: bytes, transaction_id: bytes | None) -> tuple[str, int]:
    if len(value) < 4:
        raise ProtocolError("STUN address attribute too short")
    _reserved, family, port = struct.unpack_from("!BBH", value)
    version = _FAMILIES.get(family)
    if version is None:
        raise ProtocolError(f"STUN address family {family} unknown")
    raw = value[4:]
    if len(raw) != (4 if version == 4 else 16):
        raise ProtocolError("STUN address length does not match its family")
    if transaction_id is not None:
        port ^= MAGIC_COOKIE >> 16
        raw = _xor(raw, _mask(version, transaction_id))
    return str(ipaddress.ip_address(raw)), port
