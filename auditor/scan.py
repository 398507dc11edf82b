"""The scan library: a :class:`ScanRequest` in, a finished run out, observers told as it goes.

Everything a scan does besides reading options lives here, so ``v6audit scan`` and ``vantage``,
``--resume``, ``--distributed`` and any program embedding the auditor run scans one way:

* the input is read in a thread of its own (:class:`~auditor.feed.ThreadedFeed`), so a stalled
  file never blocks the run; rejected lines go to the observers, targets to the runner;
* with a history (a :class:`~auditor.observer.RunHistory`, such as
  :class:`auditor.history.session.ScanHistory`)
  the run and all its targets are stored before any probe runs, and each report is stored as
  it finishes (the history is the first observer told, so a writer failing afterwards loses
  nothing stored); a resumed run first restores what it had finished;
* each report goes to the observers (writers, the progress line, summaries) in their order;
* the run ends complete, at its deadline, interrupted (Ctrl-C, SIGTERM) or failed; however it
  ends, the history and every observer are told, with what bound the run.

An error that ends the run (an observer failing, an unreadable input, a lost audit process) is
raised once the observers were told; the caller words it. Nothing here knows about the command
line, and the history comes as an observer, so the library sits below the store and history.
"""

from __future__ import annotations

import asyncio
import secrets
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from v6audit.auditor import __version__, interrupts
from v6audit.auditor.engine import Runner, run_locally
from v6audit.auditor.feed import ThreadedFeed
from v6audit.auditor.metering import RunMeter
from v6audit.auditor.observer import Observer, RunHistory
from v6audit.auditor.processes import run_in_processes
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import InputProblem, Run, RunEnd, RunStats, TargetReport
from v6audit.probes.model import Target
from v6audit.probes.net.settings import ScanSettings

Input = Callable[[], Iterable[Target | InputProblem]]
"""The targets to audit, produced lazily (in the input thread), rejected lines among them."""


@dataclass(frozen=True, slots=True)
class ScanRequest:
    """What to audit and how: everything a scan needs, whoever asks for it."""

    profile: Profile
    lang: str
    settings: ScanSettings
    targets: Input = tuple
    history: RunHistory | None = None
    """Store the run there (and, resuming, take its targets from there); None: no history."""
    resume: Run | None = None
    """Finish this stored run, with its id, targets and settings, instead of a new one."""
    runner: Runner | None = None
    """Where targets are audited; None: here, on ``settings.limits.processes`` processes."""

    @classmethod
    def resuming(cls, history: RunHistory, run: Run, runner: Runner | None = None) -> ScanRequest:
        """The request that finishes the stored ``run``: its profile, language and settings."""
        return cls(run.profile, run.lang, run.settings, history=history, resume=run,
                   runner=runner)  # fmt: skip


@dataclass(slots=True)
class ScanOutcome:
    run: Run
    """The run's record, as it was stored and closed the reports."""
    stats: RunStats
    """Targets audited in this run (a resumed run's restored ones are not counted) and how the
    run ended."""
    rejected: int = 0
    """Input lines that were not targets."""


def new_run(profile: Profile, lang: str, settings: ScanSettings) -> Run:
    """A run starting now, with a fresh id: its start time, sortable, and a random suffix."""
    started = datetime.now(UTC)
    return Run(
        id=f"{started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}",
        started=started,
        profile=profile,
        lang=lang,
        settings=settings,
        tool_version=__version__,
    )


class ScanSession:
    """One scan of a request, told to its observers; :meth:`run` it once.

    ``run_record`` is the run (new, or the stored one resumed); ``meter`` adds up what binds it
    as reports arrive, for a progress line to show.
    """

    def __init__(self, request: ScanRequest, observers: Sequence[Observer] = ()) -> None:
        self.request = request
        self.observers = list(observers)
        self.run_record = request.resume or new_run(request.profile, request.lang, request.settings)
        self.meter = RunMeter(request.settings.limits.processes)
        self._rejected = 0
        self._lock = threading.Lock()
        """Observers are told from the input thread (rejected lines) and the loop (reports)."""

    def run(self) -> ScanOutcome:
        """Audit the request's targets; the outcome says how the run ended.

        Raises what ended a failed run, after every observer was told.
        """
        request, run = self.request, self.run_record
        stats = RunStats()
        for observer in self._observers():
            observer.started(run)
        try:
            if request.history is not None:
                for report in request.history.restorable():
                    with self._lock:
                        for observer in self._observers():
                            observer.restored(report)
            interrupts.hand_over()
            feed = ThreadedFeed(self._todo)
            try:
                stats = asyncio.run(self._audit(feed))
            finally:
                interrupts.take_back()
            if feed.error is not None:
                raise feed.error
        except (KeyboardInterrupt, asyncio.CancelledError):
            stats.end = RunEnd.INTERRUPTED
        except BaseException:
            stats.end = RunEnd.FAILED
            raise
        finally:
            run.finished = datetime.now(UTC)
            run.end = stats.end.value
            verdict = self.meter.verdict()
            run.bound_by = verdict.describe() if verdict else None
            self._finish(run)
        return ScanOutcome(run, stats, self._rejected)

    def _observers(self) -> Iterator[Observer]:
        """The history first (a report is stored before anything else can fail), then the rest."""
        if self.request.history is not None:
            yield self.request.history
        yield from self.observers

    def _finish(self, run: Run) -> None:
        """Tell every observer, even when one fails (the reports still close); then raise the
        first failure."""
        failure: BaseException | None = None
        for observer in self._observers():
            try:
                observer.finished(run)
            except Exception as exc:
                failure = failure or exc
        if failure is not None:
            raise failure

    def _accepted(self) -> Iterator[Target]:
        for item in self.request.targets():
            if isinstance(item, InputProblem):
                self._rejected += 1
                with self._lock:
                    for observer in self._observers():
                        observer.rejected(item)
                continue
            yield item

    def _todo(self) -> Iterable[Target]:
        """The targets to audit, read in the feed's thread (a history stores a new run with
        them all before any is audited)."""
        history = self.request.history
        if history is None:
            return self._accepted()
        return history.begin(self.run_record, self._accepted())

    async def _audit(self, feed: ThreadedFeed[Target]) -> RunStats:
        """Run the runner; SIGTERM cancels it like Ctrl-C, so what finished is still written."""
        request = self.request
        settings = request.settings
        runner = request.runner or (
            run_in_processes if settings.limits.processes > 1 else run_locally
        )
        task = asyncio.current_task()
        assert task is not None
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        failed: list[BaseException] = []

        def sink(report: TargetReport) -> None:
            if failed:
                return
            self.meter.add(report.waits)
            try:
                with self._lock:
                    for observer in self._observers():
                        observer.reported(report)
            except Exception as exc:
                # raised here, it would cross the runners' task groups: stop the run instead
                failed.append(exc)
                task.cancel()

        try:
            return await runner(settings, request.profile, request.lang, feed, sink)
        except asyncio.CancelledError:
            if failed:
                task.uncancel()
                raise failed[0] from None
            raise
        finally:
            feed.close()


def scan(request: ScanRequest, observers: Sequence[Observer] = ()) -> ScanOutcome:
    """Run ``request`` to its end, telling ``observers``: :class:`ScanSession` in one call."""
    return ScanSession(request, observers).run()
