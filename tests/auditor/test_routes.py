from __future__ import annotations

import pytest

from auditor.errors import ProbeError
from auditor.model import Reason
from auditor.routes import require_route, source_address


def test_loopback_always_has_a_route() -> None:
    assert source_address("127.0.0.1") == "127.0.0.1"


def test_no_route_is_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("auditor.routes.source_address", lambda address: None)
    with pytest.raises(ProbeError) as caught:
        require_route("3ffe:501::1")
    assert caught.value.reason is Reason.NO_LOCAL_IPV6
    with pytest.raises(ProbeError) as caught:
        require_route("11.0.0.1")
    assert caught.value.reason is Reason.UNREACHABLE
