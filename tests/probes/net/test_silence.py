"""Silent ports: a full handshake timeout answers for its port a while, for every target."""

from __future__ import annotations

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.silence import SilentPorts


def test_a_recorded_port_fails_at_once_as_a_timeout_others_do_not() -> None:
    silent = SilentPorts()
    silent.record("3ffe:501:7d::9", 443, 4.0)
    with pytest.raises(ExchangeError) as raised:
        silent.check("3ffe:501:7d::9", 443, 4.0)
    assert raised.value.reason is Reason.TIMEOUT
    assert "[3ffe:501:7d::9]:443" in str(raised.value)
    assert "not asked again" in str(raised.value)
    silent.check("3ffe:501:7d::9", 80, 4.0)  # another port of the address is another question
    silent.check("11.72.0.9", 443, 4.0)


def test_a_short_wait_answers_only_for_waits_no_longer() -> None:
    silent = SilentPorts()
    silent.record("11.72.0.9", 6379, 1.0)
    with pytest.raises(ExchangeError):
        silent.check("11.72.0.9", 6379, 0.5)
    silent.check("11.72.0.9", 6379, 4.0)  # a full connect timeout may still be answered


def test_a_silence_is_kept_a_while_and_the_oldest_go_first() -> None:
    expired = SilentPorts(kept=0.0)
    expired.record("11.72.0.9", 80, 4.0)
    expired.check("11.72.0.9", 80, 4.0)  # asked again: the port may answer now
    bounded = SilentPorts(size=2)
    for port in (1, 2, 3):
        bounded.record("11.72.0.9", port, 4.0)
    bounded.check("11.72.0.9", 1, 4.0)
    with pytest.raises(ExchangeError):
        bounded.check("11.72.0.9", 3, 4.0)
