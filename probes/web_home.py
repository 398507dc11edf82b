"""Where the site's home page is served: the one start for every probe that loads pages.

The latency, PMTU and crawl probes measure the site as its visitors get it, so they must not
guess a scheme: an HTTP-only site has no ``https://`` page, and a site that redirects (to
HTTPS, to ``www.``) serves its home page elsewhere than where the walk starts. Like
``web.fetch``, this walks the start URLs (the URL the user gave, else ``https://`` then
``http://``) with redirects followed hop by hop on one family; the first start whose chain ends
in a page (status below 400) gives the home page's URL, taken from the IPv4 chain when it works
(IPv4 is the reference of a dual-stack site), else from the IPv6 one. Each family's address for
that URL is then its host's first AAAA (or A).

All start URLs are walked at once, and the answer is taken as soon as it is known (a chain
stalled on a path that loses large packets is not waited for). It is a probe of its own, which
the page-loading probes require: the engine runs it once per target and hands its observation to
each of them, so they measure the same page. Its walks are those ``web.fetch`` makes from the
same first addresses, and the target's web door shares exchanges (:mod:`probes.net.targetweb`):
each hop is asked of the site once, whichever probe asks first, so the site sees one walk.
"""

from __future__ import annotations

import asyncio

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.dns_host import HostAddresses, HostAddressesProbe
from v6audit.probes.model import Failure, Observation, Reason, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.sitescope import is_literal
from v6audit.probes.urlparts import parsed
from v6audit.probes.web_fetch import SCHEMES, Chain, walk_chain
from v6audit.probes.webchains import works

HOME_SHARE = 0.4
"""Share of the target's probe time finding the home page may take; the measuring follows."""


class Home(Observation):
    url: str | None
    """The URL the home page is served on, after the site's own redirects; None when no start
    URL gives a page."""
    addresses: dict[str, str]
    """Family ("6", "4") to the address of the URL's host on that family, where it has one;
    without a URL, the target's own usable addresses that were walked."""
    starts: list[str]
    """The start URLs walked to find it."""
    failure: Failure | None = None
    """Why no start gave a page when a walk ran out of time: the home page is then unknown,
    not absent."""

    def served(self) -> str | None:
        """The home page's URL; None when the site serves none. Raises ``ProbeError`` when a
        walk was cut short: a probe that measures the page can then say nothing, least of all
        that it does not apply."""
        if self.url is None and self.failure is not None:
            raise ProbeError(self.failure.reason, f"home page not found: {self.failure.message}")
        return self.url


def start_urls(target: Target) -> list[str]:
    """The URL the user gave, else the host's ``https://`` then ``http://`` home."""
    assert target.host is not None
    if target.url:
        return [target.url]
    return [f"{scheme}://{target.host}/" for scheme in reversed(SCHEMES)]


class WebHomeProbe(Probe[Home]):
    name = "web.home"
    observation_type = Home
    requires = (HostAddressesProbe,)
    deadline_share = HOME_SHARE

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Home:
        assert target.host is not None
        found = inputs.get(HostAddressesProbe)
        first = _first_addresses(found)
        starts = start_urls(target)
        home = Home(url=None, addresses=first, starts=starts)
        async with ctx.web.session() as session, asyncio.TaskGroup() as group:
            walks = {
                (start, int(family)): group.create_task(
                    walk_chain(ctx, session, start, int(family), address, inputs.budget)
                )
                for start in starts
                for family, address in first.items()
            }
            for start, family in sorted(walks, key=lambda w: (starts.index(w[0]), w[1] == 6)):
                chain = await walks[start, family]
                if works(chain):
                    url = chain.hops[-1].url
                    addresses = await _addresses(ctx, url, found)
                    home = Home(url=url, addresses=addresses, starts=starts)
                    break
            for task in walks.values():  # a chain stalled on the other family is not waited for
                task.cancel()
        if home.url is None:
            home = home.model_copy(update={"failure": _cut_short(list(walks.values()))})
        return home


def _cut_short(walks: list[asyncio.Task[Chain]]) -> Failure | None:
    """The failure of the first walk that ran out of time (all ended: none gave a page)."""
    for walk in walks:
        hops = walk.result().hops
        failure = hops[-1].failure if hops else None
        if failure is not None and failure.reason is Reason.TIMEOUT:
            return failure
    return None


def _first_addresses(found: HostAddresses) -> dict[str, str]:
    """The first usable address of each family (never a bogus AAAA or a loopback A)."""
    six, four = found.usable6[:1], found.usable4[:1]
    return {family: first[0] for family, first in (("6", six), ("4", four)) if first}


async def _addresses(ctx: ProbeContext, url: str, found: HostAddresses) -> dict[str, str]:
    """The first address of each family for the host of ``url`` (the target's own are known)
    that the address policy lets the probes contact."""
    host = parsed(url).host
    if host.lower().rstrip(".") == found.host.lower().rstrip("."):
        return _first_addresses(found)
    policy = ctx.gate.policy
    if is_literal(host):
        literal = host.strip("[]")
        return {} if policy.refusal(literal) else {"6" if ":" in literal else "4": literal}
    lookups = await asyncio.gather(
        ctx.dns.lookup(host, "AAAA"), ctx.dns.lookup(host, "A"), return_exceptions=True
    )
    picked = {
        family: policy.pick(lookup.records)
        for family, lookup in zip(("6", "4"), lookups, strict=True)
        if not isinstance(lookup, BaseException)
    }
    return {family: address for family, address in picked.items() if isinstance(address, str)}
