"""Checks on a host's address records (``dns.aaaa``, ``dns.aaaa.valid``)."""

from __future__ import annotations

from v6audit.auditor.catalog import EMPTY, msg
from v6audit.auditor.checks.usable import NO_USABLE_REMEDY
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.dns_host import HostAddresses, HostAddressesProbe
from v6audit.probes.model import TargetKind, reason_of
from v6audit.probes.net.addresses import Category, acceptable_in_scope, special_block
from v6audit.probes.net.settings import Scope


def _chain_details(observation: HostAddresses) -> dict[str, object]:
    return {
        "host": observation.host,
        "cname_chain": [list(link) for link in observation.aaaa.cname_chain],
        "canonical": observation.aaaa.canonical,
        "aaaa": observation.aaaa.addresses,
        "a": observation.a.addresses if observation.a is not None else None,
        "a_error": reason_of(observation.a_failure),
    }


@check(
    "dns.aaaa",
    kind=TargetKind.DOMAIN,
    probes=[HostAddressesProbe],
)
def judge_aaaa(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(HostAddressesProbe)
    details = _chain_details(found)
    via = msg("dns.aaaa.via", name=found.aaaa.canonical) if found.aaaa.cname_chain else EMPTY
    count = len(found.aaaa.addresses)
    if count and not found.usable6:
        listed = "; ".join(u.describe() for u in found.unusable_in(found.aaaa.addresses))
        return Verdict(
            Status.FAIL,
            msg(
                "dns.aaaa.aaaa_record_none_usable",
                count=count,
                via=via,
                listed=listed,
            ),
            details,
            remedy=NO_USABLE_REMEDY,
        )
    if count:
        return Verdict(
            Status.PASS,
            msg("dns.aaaa.aaaa_record", count=count, via=via),
            details,
        )
    return Verdict(
        Status.FAIL,
        msg("dns.aaaa.no_aaaa_record", via=via),
        details,
    )


def _special(address: str) -> dict[str, str]:
    block = special_block(address)
    assert block is not None
    return {
        "address": address,
        "block": block.name,
        "network": str(block.network),
        "rfc": block.rfc,
        "category": block.category.value,
    }


@check(
    "dns.aaaa.valid",
    kind=TargetKind.DOMAIN,
    probes=[HostAddressesProbe],
)
def judge_aaaa_valid(observations: Observations, context: JudgeContext) -> Verdict:
    """ULA passes in an internal audit; private or shared IPv4 published for an internet-facing
    name is recorded as evidence for the de-NAT goal, whatever the AAAA verdict."""
    found = observations.get(HostAddressesProbe)
    internal = context.scope is Scope.INTERNAL
    aaaa = found.aaaa.addresses
    bad = [_special(a) for a in aaaa if not acceptable_in_scope(a, internal)]
    accepted = [
        _special(a)
        for a in aaaa
        if special_block(a) is not None and acceptable_in_scope(a, internal)
    ]
    ipv4 = found.a.addresses if found.a is not None else []
    private = [] if internal else [_special(a) for a in ipv4 if _is_private(a)]
    details = {
        "host": found.host,
        "aaaa": aaaa,
        "special": bad,
        "accepted_internal": accepted,
        "private_ipv4": private,
    }
    evidence = msg("dns.aaaa.valid.published_ipv4_address_es", n_private=len(private))
    suffix = evidence if private else EMPTY
    if not aaaa:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("dns.aaaa.valid.no_aaaa_record_check", suffix=suffix),
            details,
        )
    if bad:
        first = bad[0]
        listed = f"{first['address']} in {first['block']} ({first['network']}, {first['rfc']})"
        more = (
            msg("dns.aaaa.valid.more", more=len(bad) - 1, all=len(bad)) if len(bad) > 1 else EMPTY
        )
        return Verdict(
            Status.FAIL,
            msg(
                "dns.aaaa.valid.aaaa_special_purpose_block",
                listed=listed,
                more=more,
                suffix=suffix,
            ),
            details,
        )
    scope = msg("dns.aaaa.valid.ula_accepted") if accepted else EMPTY
    return Verdict(
        Status.PASS,
        msg(
            "dns.aaaa.valid.all_aaaa_record_global",
            n_aaaa=len(aaaa),
            scope=scope,
            suffix=suffix,
        ),
        details,
    )


def _is_private(address: str) -> bool:
    block = special_block(address)
    return block is not None and block.category in (Category.PRIVATE, Category.SHARED)
