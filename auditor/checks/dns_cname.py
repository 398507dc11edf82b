"""The CNAME chain check (``dns.cname6``): every link resolves and the end has AAAA."""

from __future__ import annotations

from v6audit.auditor.catalog import msg
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.dns_cname import CnameChain, CnameChainProbe
from v6audit.probes.model import TargetKind, reason_of


def _details(chain: CnameChain) -> dict[str, object]:
    return {
        "host": chain.host,
        "cname_chain": [list(link) for link in chain.links],
        "end": chain.links[-1][1] if chain.links else chain.host,
        "aaaa": chain.aaaa,
        "broken_at": chain.broken_at,
        "reason": reason_of(chain.failure),
    }


@check(
    "dns.cname6",
    kind=TargetKind.DOMAIN,
    probes=[CnameChainProbe],
)
def judge_cname6(observations: Observations, context: JudgeContext) -> Verdict:
    chain = observations.get(CnameChainProbe)
    details = _details(chain)
    if not chain.links:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("dns.cname6.no_cname_host_not"),
            details,
        )
    if chain.broken_at is not None and chain.failure is None:
        return Verdict(
            Status.FAIL,
            msg("dns.cname6.cname_chain_loops_back", broken_at=chain.broken_at),
            details,
        )
    if chain.broken_at is not None:
        assert chain.failure is not None
        return Verdict(
            Status.FAIL,
            msg(
                "dns.cname6.cname_target_does_not",
                broken_at=chain.broken_at,
                reason=chain.failure.reason.value,
            ),
            details,
        )
    end = chain.links[-1][1]
    if not chain.aaaa:
        return Verdict(
            Status.FAIL,
            msg("dns.cname6.cname_chain_ends_at", end=end),
            details,
        )
    return Verdict(
        Status.PASS,
        msg("dns.cname6.cname_chain_link_ends", n_links=len(chain.links), end=end),
        details,
    )
