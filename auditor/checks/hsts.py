"""``sec.hsts6``: HTTPS over IPv6 sends an HSTS policy at least as strong as over IPv4.

Strict-Transport-Security (RFC 6797) tells a browser to use HTTPS only for a host. A site that
sends it over IPv4 but not from its IPv6 front ends leaves IPv6 visitors open to the downgrade
the policy exists to stop: a security gap that only IPv6 has, the parity the 2023 opinion asks
for. Only the final pages of HTTPS chains count (a browser ignores the header over plain HTTP).
"""

from __future__ import annotations

from dataclasses import dataclass

from v6audit.auditor.catalog import msg
from v6audit.auditor.checks.usable import no_usable_ipv6, not_compared
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.model import TargetKind
from v6audit.probes.web_fetch import Chain, WebFetches, WebFetchProbe


@dataclass(frozen=True, slots=True)
class Policy:
    """What one Strict-Transport-Security header asks; no header, or none usable: 0 seconds."""

    max_age: int = 0
    subdomains: bool = False

    def covers(self, other: Policy) -> bool:
        """As strong as ``other``: at least as long, and the subdomains when it has them."""
        return self.max_age >= other.max_age and (self.subdomains or not other.subdomains)

    def describe(self) -> str:
        if self.max_age <= 0:
            return "none"
        return f"max-age={self.max_age}" + ("; includeSubDomains" if self.subdomains else "")


def parse_hsts(header: str | None) -> Policy:
    """The policy a browser would keep from ``header`` (RFC 6797, 6.1): a header without a
    valid max-age, or with one directive twice, is ignored whole."""
    if header is None:
        return Policy()
    seen: dict[str, str] = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        name = name.strip().lower()
        if not name:
            continue
        if name in seen:
            return Policy()
        seen[name] = value.strip().strip('"')
    age = seen.get("max-age", "")
    if not age.isdigit():
        return Policy()
    return Policy(max_age=int(age), subdomains="includesubdomains" in seen)


def served_policies(found: WebFetches, family: int) -> dict[str, Policy]:
    """Per address of ``family``, the weakest policy of its HTTPS pages (none: not listed)."""
    policies: dict[str, Policy] = {}
    for chain in found.chains:
        if chain.family != family or chain.page is None or not _ends_on_https(chain):
            continue
        policy = parse_hsts(chain.page.hsts)
        known = policies.get(chain.address)
        policies[chain.address] = policy if known is None or known.covers(policy) else known
    return policies


def _ends_on_https(chain: Chain) -> bool:
    return bool(chain.hops) and chain.hops[-1].url.lower().startswith("https://")


@check(
    "sec.hsts6",
    kind=TargetKind.DOMAIN,
    probes=[WebFetchProbe],
)
def judge_hsts6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(WebFetchProbe)
    if (bogus := no_usable_ipv6(found.addresses)) is not None:
        return bogus
    if (alone := not_compared(found.addresses)) is not None:
        return alone
    ipv6, ipv4 = served_policies(found, 6), served_policies(found, 4)
    details = {
        "ipv6": {address: policy.describe() for address, policy in ipv6.items()},
        "ipv4": {address: policy.describe() for address, policy in ipv4.items()},
    }
    if not ipv6 or not ipv4:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("sec.hsts6.no_https_page", n_ipv6=len(ipv6), n_ipv4=len(ipv4)),
            details,
        )
    reference = min(ipv4.values(), key=lambda p: (p.max_age, p.subdomains))
    weaker = {a: p for a, p in sorted(ipv6.items()) if not p.covers(reference)}
    if weaker:
        listed = ", ".join(f"{a} ({p.describe()})" for a, p in weaker.items())
        return Verdict(
            Status.FAIL,
            msg("sec.hsts6.weaker_over_ipv6", listed=listed, ipv4=reference.describe()),
            details,
        )
    if reference.max_age <= 0:
        return Verdict(Status.PASS, msg("sec.hsts6.none_on_either"), details)
    return Verdict(
        Status.PASS,
        msg("sec.hsts6.as_strong", ipv4=reference.describe(), count=len(ipv6)),
        details,
    )
