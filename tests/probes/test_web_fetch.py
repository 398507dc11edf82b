from __future__ import annotations

from probes.web_fetch import rate_limited
from tests.auditor.checks.observations import page_chain


def test_429_is_always_retried() -> None:
    chain = page_chain(6, 429)
    assert rate_limited(chain, [chain, page_chain(4, 429)])


def test_403_is_retried_only_when_the_other_family_got_something_else() -> None:
    six, four = page_chain(6, 403), page_chain(4, 200)
    assert rate_limited(six, [six, four])
    assert not rate_limited(four, [six, four])
    both = page_chain(4, 403)
    assert not rate_limited(six, [six, both])


def test_other_statuses_are_not_retried() -> None:
    chain = page_chain(6, 503)
    assert not rate_limited(chain, [chain, page_chain(4)])
