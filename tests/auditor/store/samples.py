"""Runs made from hand-written observations, judged by the real checks: no network needed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.profiles import one_goal_profile
from v6audit.auditor.codec import encode_outcome
from v6audit.auditor.evaluation import Evaluator
from v6audit.auditor.records import Run, TargetReport
from v6audit.auditor.store.database import Database
from v6audit.auditor.store.recorder import RunRecorder, create_run
from v6audit.auditor.targets import parse_target
from v6audit.probes.dns_host import AddressLookup, HostAddresses
from v6audit.probes.model import ProbeFailure, Reason, Sector, Target
from v6audit.probes.net.settings import Limits, ScanSettings, Scope

PROFILE = one_goal_profile({"dns.aaaa": 1}, name="samples")
"""A profile with the one check the samples observe, so the histories stay small and exact."""
SETTINGS = ScanSettings(
    resolvers=("192.0.2.53",), limits=Limits(concurrency=3), scope=Scope.INTERNET
)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def header(run_id: str, day: int = 0) -> Run:
    return Run(run_id, EPOCH + timedelta(days=day), PROFILE, "en", SETTINGS, "0.1.0")


def observed(host: str, aaaa: bool | None) -> dict[str, Any]:
    """dns.host outcome: with AAAA, without (True/False), or a timeout (None)."""
    if aaaa is None:
        return {"dns.host": ProbeFailure(probe="dns.host", reason=Reason.TIMEOUT, message="t")}
    addresses = ["3ffe:501:10::80"] if aaaa else []
    lookup = AddressLookup(cname_chain=[], canonical=host, addresses=addresses)
    a = AddressLookup(cname_chain=[], canonical=host, addresses=["11.10.0.80"])
    return {"dns.host": HostAddresses(host=host, aaaa=lookup, a=a)}


def report(name: str | Target, aaaa: bool | None) -> TargetReport:
    target = parse_target(name) if isinstance(name, str) else name
    outcomes = observed(target.host or name, aaaa)
    results, score = Evaluator(PROFILE, Scope.INTERNET).judge(target.kind, outcomes)
    return TargetReport(target, results, score, {p: encode_outcome(o) for p, o in outcomes.items()})


def store_run(
    database: Database,
    run_id: str,
    verdicts: dict[str, bool | None],
    *,
    day: int = 0,
    finish: bool = True,
    sectors: dict[str, Sector] | None = None,
) -> None:
    """A run of the named hosts, each with AAAA or not (None: timeout), recorded as a scan does."""
    sectors = sectors or {}
    targets = [parse_target(name, sector=sectors.get(name)) for name in verdicts]
    create_run(database, header(run_id, day), targets)
    recorder = RunRecorder(database, run_id)
    for target in recorder.pending():
        recorder.record(report(target, verdicts[target.raw]))
    recorder.finish("complete" if finish else None, EPOCH + timedelta(days=day, minutes=5))


def names(reports: Iterable[TargetReport]) -> list[str]:
    return [r.target.raw for r in reports]
