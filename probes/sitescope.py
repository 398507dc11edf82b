"""Which links stay on the site, and which addresses a crawl may never touch (pure, no I/O).

"Internal" means the same registrable domain, as browsers define it: the Public Suffix List
decides where the registrable part starts (``www.gov.cn`` and ``zwfw.gov.cn`` are different
sites; ``a.example.com.cn`` and ``b.example.com.cn`` are one). The list comes bundled with the
``publicsuffixlist`` package and is never fetched at run time, so audits stay reproducible and
work without internet.

Which addresses a link may lead to is the address policy's business (:mod:`probes.net.policy`).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from publicsuffixlist import PublicSuffixList


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()  # the snapshot shipped with the package; no download


def registrable_domain(host: str) -> str:
    """The registrable domain of ``host`` (lower case); the host itself when it has none."""
    host = host.lower().rstrip(".")
    found = _suffixes().privatesuffix(host)
    return found if isinstance(found, str) else host


def same_site(host: str, other: str) -> bool:
    return registrable_domain(host) == registrable_domain(other)


def is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
