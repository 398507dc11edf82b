"""Reports built from hand-made results, for writer tests that need no network."""

from __future__ import annotations

from datetime import UTC, datetime

from v6audit.auditor.model import CheckResult, Status
from v6audit.auditor.profile import load_profile
from v6audit.auditor.records import Run, TargetReport
from v6audit.auditor.scoring import score_results
from v6audit.auditor.targets import parse_target
from v6audit.probes.model import Reason, Sector
from v6audit.probes.net.settings import ScanSettings

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SCRIPT_BREAKER = "</script><!--<script>alert(2)</script>\u2028\u2029&lt;]}"
"""Text that ends or confuses a script element if embedded data is not escaped for one."""


def report(name: str, status: Status, *, sector: Sector | None = None,
           summary: str = "1 AAAA record(s)", details: dict[str, object] | None = None,
           reason: Reason | None = None) -> TargetReport:  # fmt: skip
    target = parse_target(name)
    target = type(target)(target.raw, target.kind, target.host, sector=sector)
    result = CheckResult(
        id="dns.aaaa", status=status, summary=summary, details=details or {}, reason=reason,
        remedy="Publish AAAA records" if status in (Status.FAIL, Status.WARN) else None,
    )  # fmt: skip
    return TargetReport(target, [result], score_results([result], load_profile("default")), {})


def run_info() -> Run:
    started = datetime(2026, 1, 1, tzinfo=UTC)
    profile = load_profile("default")
    run = Run("20260101T000000Z-abcdef", started, profile, "en", ScanSettings(), "0.1.0")
    run.finished, run.end = datetime(2026, 1, 1, 0, 1, tzinfo=UTC), "complete"
    return run
