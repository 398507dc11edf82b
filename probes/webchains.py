"""Reading ``web.fetch`` chains for the web judges: what is served, what it looks like as evidence.

Shared by the judges of ``web.http6``, ``web.tls6``, ``web.same-content`` and ``web.redirect6``
so they agree on which start URLs the site serves at all and show chains the same way.
"""

from __future__ import annotations

from v6audit.probes.urlparts import parsed
from v6audit.probes.web_fetch import Chain, ChainEnd, Hop
from v6audit.probes.web_ports import WebPorts

DEFAULT_PORTS = {"http": 80, "https": 443}


def served(start_url: str, ports: WebPorts) -> bool:
    """Some address of either family accepts connections on the start URL's port.

    A start URL nobody serves (an HTTP-only site's ``https://``) says nothing about IPv6; one
    that some address serves must work on every AAAA. A port the web.ports probe did not try
    (an explicit one in a URL target) counts as served.
    """
    url = parsed(start_url)
    port = url.port or DEFAULT_PORTS[url.scheme]
    tried = [p for p in ports.ports if p.port == port]
    return not tried or any(p.open for p in tried)


def works(chain: Chain) -> bool:
    """The chain ended in a response that is not an error."""
    return chain.end is ChainEnd.RESPONSE and chain.status is not None and chain.status < 400


def outcome(chain: Chain) -> str:
    """How a chain ended, in a form two chains can be compared by: a status or a failure."""
    if chain.end is ChainEnd.RESPONSE:
        return f"HTTP {chain.status}"
    last = chain.hops[-1]
    if chain.end in (ChainEnd.FAILED, ChainEnd.CUT_SHORT) and last.failure is not None:
        return str(last.failure.reason)
    return str(chain.end)


def hop_details(hop: Hop) -> dict[str, object]:
    found: dict[str, object] = {"url": hop.url, "address": hop.address}
    if hop.status is not None:
        found["status"] = hop.status
    if hop.location is not None:
        found["location"] = hop.location
    if hop.failure is not None:
        found["outcome"] = hop.failure.reason
    if (message := hop.failure.message if hop.failure else hop.note) is not None:
        found["message"] = message
    return found


def chain_details(chain: Chain) -> dict[str, object]:
    found: dict[str, object] = {
        "family": chain.family,
        "address": chain.address,
        "start_url": chain.start_url,
        "outcome": outcome(chain),
        "hops": [hop_details(hop) for hop in chain.hops],
    }
    if chain.retried:
        found["retried"] = True
    return found


def describe(chain: Chain) -> str:
    """One line for a summary: where the chain started and how it ended."""
    return f"{chain.start_url} via {chain.address}: {outcome(chain)}"
