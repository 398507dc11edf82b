"""A small and a large exchange with the site over each family (PMTU black holes).

When ICMPv6 Packet Too Big is filtered on the way back to the server, a small answer (a HEAD
response fits in one small packet) arrives while full-size packets of the page vanish: the
large exchange stalls over IPv6 and completes over IPv4, where routers may fragment. The page
is the one the site serves (:mod:`probes.web_home`); the small exchange is a HEAD over plain
HTTP where port 80 answers (no TLS handshake, whose certificates may themselves need full-size
packets), else over the served URL. This needs no privileges.

The large exchange proves nothing when this kernel already learned a smaller path MTU to the
address (an earlier echo or scan): it then advertises a small MSS and the server never sends a
full-size packet. So the kernel is asked first (:func:`probes.net.pathmtu.learned_mtu`), and the
probe ends, with root, with large ICMPv6 echoes whose replies only come back when the server
learns the path MTU: evidence no cache on this side can change. They run last, because they
teach this kernel the path MTU themselves.
"""

from __future__ import annotations

from dataclasses import asdict

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.icmp_echo import Echo
from v6audit.probes.model import Failure, Observation, StoredFailure, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import describe, evidence_reason, target_reason
from v6audit.probes.urlparts import parsed
from v6audit.probes.web_home import WebHomeProbe

ECHO_BYTES = 1400
"""Larger than the IPv6 minimum MTU (1280), smaller than Ethernet's."""
ECHO_TRIES = 4
"""The first large echo may only teach this kernel the path MTU, the next its server's."""
ECHO_WAIT = 1.0


class Exchange(Observation):
    family: int
    address: str
    method: str
    url: str | None = None
    received: int = 0
    """Body bytes received."""
    seconds: float | None = None
    failure: Failure | None = None

    stored_failures = (StoredFailure("failure", "reason", "message"),)


class LargeEchoes(Observation):
    """:class:`probes.net.pathmtu.EchoTest`, as evidence."""

    size: int
    sent: int
    large_replies: int
    small_reply: bool


class WebPmtu(Observation):
    exchanges: list[Exchange]
    learned_mtu: int | None = None
    """The path MTU this kernel already held for the IPv6 address before the exchanges."""
    echoes: LargeEchoes | None = None
    echo: Echo | None = None
    """The single large echo stored runs made before the large echoes (kept to re-score them)."""
    echoes_failure: Failure | None = None
    """Why the large echoes were not sent (needs_root without privileges)."""

    stored_failures = (StoredFailure("echoes_failure", "echo_skipped"),)


class WebPmtuProbe(Probe[WebPmtu]):
    name = "web.pmtu"
    observation_type = WebPmtu
    requires = (WebHomeProbe,)

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> WebPmtu:
        home = inputs.get(WebHomeProbe)
        if "6" not in home.addresses:  # the check judges the host's AAAA, whatever the page
            return WebPmtu(exchanges=[])
        url = home.served()
        if url is None:
            return WebPmtu(exchanges=[])
        six, four = home.addresses["6"], home.addresses.get("4")
        learned = ctx.routes.learned_mtu(six)
        served = parsed(url)
        plain = str(served.copy_with(scheme="http", port=None, path="/", query=None, fragment=None))
        small = await _exchange(ctx, plain, six, 6, "HEAD")
        if small.failure is not None and plain != url:
            small = await _exchange(ctx, url, six, 6, "HEAD")
        exchanges = [small, await _exchange(ctx, url, six, 6, "GET")]
        if four:
            exchanges.append(await _exchange(ctx, url, four, 4, "GET"))
        echoes: LargeEchoes | None = None
        skipped: Failure | None = None
        try:
            ctx.routes.require_route(six)
            test = await ctx.packets.large_echoes(six, ECHO_BYTES, ECHO_TRIES, ECHO_WAIT)
            echoes = LargeEchoes(**asdict(test))
        except Exception as exc:
            skipped = Failure(reason=evidence_reason(exc), message=describe(exc))
        return WebPmtu(
            exchanges=exchanges, learned_mtu=learned, echoes=echoes, echoes_failure=skipped
        )


async def _exchange(
    ctx: ProbeContext, url: str, address: str, family: int, method: str
) -> Exchange:
    try:  # bounded by the exchange timeout, which starts once the gate lets the request go
        reply = await ctx.web.get(url, address, method=method)
    except Exception as exc:
        return Exchange(
            family=family,
            address=address,
            method=method,
            url=url,
            failure=Failure(reason=target_reason(exc), message=describe(exc)),
        )
    return Exchange(
        family=family,
        address=address,
        method=method,
        url=url,
        received=len(reply.body),
        seconds=round(reply.seconds, 3),
    )
