"""The baseline counts what it failed to do, so a cheaper-looking run can be told apart."""

from __future__ import annotations

from pathlib import Path

import certifi

from bench.baseline import Baseline


def test_failures_are_counted_by_kind_and_exception() -> None:
    # never asked: nothing is sent
    baseline = Baseline("192.0.2.53", Path(certifi.where()), per_host=4, in_flight=256)
    baseline.failed("tcp connect", TimeoutError())
    baseline.failed("tcp connect", TimeoutError())
    baseline.failed("https GET", ConnectionRefusedError())
    assert dict(baseline.failures) == {
        "tcp connect TimeoutError": 2,
        "https GET ConnectionRefusedError": 1,
    }
