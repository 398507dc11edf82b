"""Numbering conventions that tie a host's IPv4 and IPv6 addresses, and the declared plan.

Operators who number both families usually reuse the host number: the IPv4 address's last octet
written with the same digits (``11.1.0.20`` and ``...::20``), or its value in hex (``...::14``),
or the whole IPv4 address embedded in the interface identifier (``...::b01:14`` as 32 bits,
``...::11:1:0:20`` octet by octet). These functions say which addresses a convention predicts
and whether two addresses follow one; they guess nothing about which convention a network uses
(the ``net.*`` checks weigh that). The plan an operator declares (``--pairing``, ``--pairs``) is
parsed here too. Pure functions, no I/O but reading the plan file.
"""

from __future__ import annotations

import csv
import io
import ipaddress
from pathlib import Path

from v6audit.probes.net.candidates import embedded
from v6audit.probes.net.errors import InputError
from v6audit.probes.net.settings import Convention, PairingPlan, Segment

IPv4Address = ipaddress.IPv4Address
IPv6Address = ipaddress.IPv6Address
MAX_PLAN_BYTES = 1_000_000
"""Largest pairs file read: a plan of some tens of thousands of pairs."""
MAX_BAD_LINES = 5
"""Bad lines named in the error (the count says how many more there were)."""
IID_BITS = 64


def _iid(address: IPv6Address) -> int:
    return int(address) & ((1 << IID_BITS) - 1)


def predict6(
    ipv4: IPv4Address, subnet: ipaddress.IPv6Network, convention: Convention
) -> list[IPv6Address]:
    """The addresses in ``subnet`` that ``convention`` gives the host ``ipv4``."""
    base = int(subnet.network_address)
    number = ipv4.packed[-1]
    if convention is Convention.SAME_NUMBER:
        return [IPv6Address(base | int(str(number), 16))] if number else []
    if convention is Convention.HEX:
        return [IPv6Address(base | number)] if number else []
    return embedded(subnet, ipv4)


def predict4(
    ipv6: IPv6Address, subnet: ipaddress.IPv4Network, convention: Convention
) -> list[IPv4Address]:
    """The addresses ``convention`` gives the host ``ipv6``: in ``subnet`` for a host number,
    anywhere for an embedded address."""
    iid = _iid(ipv6)
    if convention is Convention.EMBEDDED:
        found = [IPv4Address(iid & 0xFFFFFFFF)] if iid <= 0xFFFFFFFF else []
        groups = [f"{(iid >> (16 * (3 - i))) & 0xFFFF:x}" for i in range(4)]
        if all(g.isdigit() and int(g) <= 255 for g in groups):
            found.append(IPv4Address(".".join(str(int(g)) for g in groups)))
        return [a for a in dict.fromkeys(found) if a.packed[0]]  # 0.x.x.x: a host number
    if convention is Convention.SAME_NUMBER:
        digits = f"{iid:x}"
        number = int(digits) if digits.isdigit() else 256
    else:
        number = iid
    if not 0 < number < 256:
        return []
    return [IPv4Address((int(subnet.network_address) & ~0xFF) | number)]


def follows(ipv4: IPv4Address, ipv6: IPv6Address, convention: Convention) -> bool:
    """Whether the pair is numbered by ``convention``."""
    subnet = ipaddress.IPv6Network((ipv6, IID_BITS), strict=False)
    return ipv6 in predict6(ipv4, subnet, convention)


# -- the declared plan ------------------------------------------------------------------------
def parse_row(fields: list[str]) -> PairingPlan:
    """One declaration: ``CONVENTION``, ``IPV4PREFIX,IPV6PREFIX[,CONVENTION]`` or
    ``IPV4,IPV6`` (addresses of one host). Raises InputError saying what is wrong."""
    fields = [f.strip() for f in fields]
    if len(fields) == 1:
        return PairingPlan(conventions=(_convention(fields[0]),))
    if len(fields) not in (2, 3):
        raise InputError(f"expected 1 to 3 fields, got {len(fields)}")
    first, second = fields[0], fields[1]
    if "/" in first or "/" in second or len(fields) == 3:
        ipv4 = _network(first, 4)
        ipv6 = _network(second, 6)
        convention = _convention(fields[2]) if len(fields) == 3 and fields[2] else None
        return PairingPlan(segments=(Segment(str(ipv4), str(ipv6), convention),))
    return PairingPlan(pairs=((str(_address(first, 4)), str(_address(second, 6))),))


def parse_option(text: str) -> PairingPlan:
    """A ``--pairing`` value: one declaration, its fields separated by commas."""
    return parse_row(text.split(","))


def load_plan_file(path: Path) -> PairingPlan:
    """A pairs file: one declaration a line (CSV), ``#`` comments; every bad line is named."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PLAN_BYTES + 1)
    except OSError as exc:
        raise InputError(f"pairs file {path}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_PLAN_BYTES:
        raise InputError(f"pairs file {path}: larger than {MAX_PLAN_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"pairs file {path}: not UTF-8 text") from None
    plans, bad = [], []
    for number, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not fields or not "".join(fields).strip() or fields[0].lstrip().startswith("#"):
            continue
        try:
            plans.append(parse_row(fields))
        except InputError as exc:
            bad.append(f"line {number}: {exc}")
    if bad:
        more = f" (and {len(bad) - MAX_BAD_LINES} more)" if len(bad) > MAX_BAD_LINES else ""
        raise InputError(f"pairs file {path}: " + "; ".join(bad[:MAX_BAD_LINES]) + more)
    return merge(plans)


def merge(plans: list[PairingPlan]) -> PairingPlan:
    """One plan with every declaration of ``plans``, each once, in order."""
    return PairingPlan(
        conventions=tuple(dict.fromkeys(c for p in plans for c in p.conventions)),
        segments=tuple(dict.fromkeys(s for p in plans for s in p.segments)),
        pairs=tuple(dict.fromkeys(pair for p in plans for pair in p.pairs)),
    )


def _convention(text: str) -> Convention:
    try:
        return Convention(text.strip().lower())
    except ValueError:
        known = ", ".join(c.value for c in Convention)
        raise InputError(f"{text!r} is not a numbering convention ({known})") from None


def _network(text: str, version: int) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise InputError(f"{text!r} is not an IPv{version} prefix") from None
    if network.version != version:
        raise InputError(f"{text!r} is not an IPv{version} prefix")
    return network


def _address(text: str, version: int) -> IPv4Address | IPv6Address:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise InputError(f"{text!r} is not an IPv{version} address") from None
    if address.version != version:
        raise InputError(f"{text!r} is not an IPv{version} address")
    return address
