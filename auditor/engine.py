"""The engine: one asyncio loop that audits a stream of targets.

It owns everything about *how* a run proceeds, so probes and checks only say *what* to measure:

* a fixed pool of workers pulls targets from the (lazy) input, so memory holds only the targets
  in flight and 100k-line inputs cost no more than ten;
* a target's probes run as their requirements allow (:mod:`auditor.probegraph`), under the
  target's probe timeout; their exceptions become typed failures via
  :func:`probes.net.errors.classify` (a crash in one probe is one target's ``internal`` error);
* each finished target is handed to the sink at once (streaming), so a cancelled or expired run
  keeps everything that finished;
* the overall deadline stops the run cleanly and marks it incomplete;
* freed heap memory goes back to the system as the run goes, and the garbage collector leaves
  alone what startup built (:mod:`auditor.memory`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from v6audit.auditor import __version__
from v6audit.auditor.codec import encode_outcome
from v6audit.auditor.evaluation import Evaluator
from v6audit.auditor.memory import HeapTrimmer, settle
from v6audit.auditor.probegraph import observe, with_requirements
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import RunEnd, RunStats, TargetReport
from v6audit.auditor.registry import CheckSpec
from v6audit.probes.base import Probe
from v6audit.probes.model import Target
from v6audit.probes.net.binding import Waits
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.settings import ScanSettings

Sink = Callable[[TargetReport], None]
Source = Iterable[Target] | AsyncIterator[Target]
"""Targets to audit: a lazy iterable (the input files, the history's pending targets) or an
asynchronous one (targets arriving from another process)."""
Runner = Callable[[ScanSettings, Profile, str, Source, Sink], Awaitable[RunStats]]
"""Audits a run's targets somewhere, handing each report to the sink: this process's engine
(:func:`run_locally`), or workers elsewhere (:mod:`auditor.distributed`)."""


class Engine:
    def __init__(self, ctx: ProbeContext, profile: Profile, lang: str = "en") -> None:
        self._ctx = ctx
        self._evaluator = Evaluator(profile, ctx.settings.scope, lang)
        wanted = (probe_type for spec in self.checks for probe_type in spec.probes)
        self._probes: dict[type[Probe[Any]], Probe[Any]] = {
            probe_type: probe_type(self._evaluator.probe_params(probe_type))
            for probe_type in with_requirements(wanted)
        }

    async def run(self, targets: Source, sink: Sink) -> RunStats:
        """Audit every target, handing each report to ``sink`` as soon as it is complete."""
        stats = RunStats()
        take = _taker(targets)
        limits = self._ctx.settings.limits
        heap = HeapTrimmer()
        settle()
        gate, reported = self._ctx.gate, Waits()

        def finish(report: TargetReport) -> None:
            nonlocal reported
            report.waits, reported = gate.waits.since(reported), replace(gate.waits)
            stats.add(report)
            sink(report)
            heap.finished()

        async def worker() -> None:
            # the report is handed on, never bound here: a worker keeping its last report while
            # it audits the next held one report per worker, some 40 kB each, all run long
            while (target := await take()) is not None:  # each target goes to one worker
                finish(await self.audit(target))

        deadline = self._ctx.settings.timeouts.deadline
        try:
            async with asyncio.timeout(deadline), asyncio.TaskGroup() as group:
                for _ in range(limits.concurrency):
                    group.create_task(worker())
        except TimeoutError:
            stats.end = RunEnd.DEADLINE
        except asyncio.CancelledError:
            stats.end = RunEnd.INTERRUPTED
            raise
        return stats

    async def audit(self, target: Target) -> TargetReport:
        wanted = self._evaluator.probes_for(target.kind)
        by_name = await observe(target, self._ctx, self._probes, wanted)
        results, score = self._evaluator.judge(target.kind, by_name)
        outcomes = {name: encode_outcome(outcome) for name, outcome in by_name.items()}
        return TargetReport(target, results, score, outcomes)

    @property
    def checks(self) -> Sequence[CheckSpec]:
        return self._evaluator.checks


def _taker(targets: Source) -> Callable[[], Awaitable[Target | None]]:
    """One shared way for the workers to take the next target (None: there are no more)."""
    if isinstance(targets, AsyncIterator):
        source, lock = targets, asyncio.Lock()

        async def take_next() -> Target | None:
            async with lock:  # an async generator cannot be advanced by two workers at once
                return await anext(source, None)

        return take_next
    pending = iter(targets)

    async def take() -> Target | None:
        return next(pending, None)

    return take


async def run_locally(
    settings: ScanSettings, profile: Profile, lang: str, targets: Source, sink: Sink
) -> RunStats:
    """The default runner: one engine in this process, auditing from this machine's network."""
    ctx = ProbeContext.create(settings, user_agent=f"v6audit/{__version__}")
    return await Engine(ctx, profile, lang).run(targets, sink)
