"""Audit on several CPU cores: the engine here and in child processes, all fed by this one.

One Python process audits at most one core's worth: a profile of the benchmark shows it
CPU-bound (TLS handshakes, HTTP and DNS parsing, judging), while the network sits idle. With
``--processes N`` the scan starts N-1 children (``python -m v6audit.auditor.processes``); they
and this process each run the ordinary engine with a share of the limits. Everything else stays
here: reading the input, the writers and the history store, the deadline and signals. So
reports, history, resume and exit codes are exactly those of a single-process run, and one
interpreter fewer is paid for in memory than with N children.

Targets and reports travel over the children's stdin and stdout as length-prefixed pickles
(both ends are this program, started by this process); a report's observations are already
the history's text by then (:class:`auditor.records.StoredOutcome`), so they cross as strings.
Each child holds at most a window of targets, refilled one per report, so a slow child never
starves the others and memory stays bounded whatever the input size. A child notices at once
when its parent dies (its stdin closes) and stops; a child that dies mid-run ends the run with
an error naming the targets it held, which ``--resume`` then audits.
"""

from __future__ import annotations

import asyncio
import math
import os
import pickle
import signal
import stat
import struct
import sys
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from v6audit.auditor.engine import Sink, Source, run_locally
from v6audit.auditor.feed import as_feed
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import RunEnd, RunStats, TargetReport
from v6audit.probes.model import Target
from v6audit.probes.net.settings import ScanSettings

HEADER = struct.Struct(">I")
WINDOW_PER_WORKER = 2
"""Targets a child holds per target it audits at once: one in progress, one waiting."""
SHOWN = 5
"""Unfinished targets named when a child is lost."""
END = "end"
"""The parent's last message to a child: no more targets will come."""


LARGE_INPUT = 500
"""Targets from which a run is worth a process per CPU: below, starting children costs more
than it saves (each loads the interpreter and the probes, about half a second of CPU)."""
COUNT_CHUNK = 1 << 16


def default_processes(arguments: Iterable[str], files: Iterable[Path]) -> int:
    """``--processes`` when not given: one per usable CPU for a large input, else one.

    Only what can be counted up front counts: the arguments and the lines of regular files
    (read only until the threshold is passed, so a huge file costs a few reads). Standard
    input, a pipe or a device is of unknown length and counts as nothing.
    """
    lines = sum(1 for _ in arguments)
    for path in files:
        if lines > LARGE_INPUT:
            break
        lines += _lines_up_to(path, LARGE_INPUT + 1 - lines)
    if lines <= LARGE_INPUT:
        return 1
    return max(1, len(os.sched_getaffinity(0)))


def _lines_up_to(path: Path, wanted: int) -> int:
    """Lines of ``path`` if it is a regular file, counting no further than ``wanted``."""
    if str(path) == "-":
        return 0
    try:
        with path.open("rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return 0
            count = 0
            while count < wanted and (chunk := handle.read(COUNT_CHUNK)):
                count += chunk.count(b"\n")
            return count
    except OSError:
        return 0  # the reader reports it as the input's problem


class WorkerLost(RuntimeError):
    """A child process ended before returning every target it was given."""


@dataclass(frozen=True, slots=True)
class _Start:
    settings: ScanSettings
    profile: Profile
    lang: str


def share(settings: ScanSettings, processes: int) -> ScanSettings:
    """One process's settings: its part of the run's limits, so the run as a whole keeps them.

    The per-host limit is split too (never below one), so N processes together open no more
    connections to one address than one process would, as long as it is at least N. The cap on
    operations in flight is not split: it guards this machine's sockets, which each process has.
    """
    limits = settings.limits
    part = replace(
        limits,
        processes=1,
        concurrency=math.ceil(limits.concurrency / processes),
        per_host=max(1, limits.per_host // processes),
        rate=limits.rate / processes,
    )
    # the deadline is the parent's: it stops feeding and ends the children when it passes
    return replace(settings, limits=part, timeouts=replace(settings.timeouts, deadline=None))


async def run_in_processes(
    settings: ScanSettings, profile: Profile, lang: str, targets: Source, sink: Sink
) -> RunStats:
    """A runner (see :data:`auditor.engine.Runner`) spreading the targets over child processes."""
    processes = settings.limits.processes
    start = _Start(share(settings, processes), profile, lang)
    feed = as_feed(targets)  # one feed for all: each target goes to one engine
    stats = RunStats()

    def add(report: TargetReport) -> None:
        stats.add(report)
        sink(report)

    children: list[_Child] = []
    try:
        async with asyncio.timeout(settings.timeouts.deadline):
            for _ in range(processes - 1):
                children.append(await _Child.spawn())  # listed at once: stopped whatever comes
            await _audit_everywhere(children, start, feed, add)
    except TimeoutError:
        stats.end = RunEnd.DEADLINE
    except asyncio.CancelledError:
        stats.end = RunEnd.INTERRUPTED
        raise
    finally:
        for child in children:
            await child.stop()
    return stats


async def _audit_everywhere(
    children: list[_Child], start: _Start, feed: AsyncIterator[Target], sink: Sink
) -> None:
    """Feed the children and this process's own engine from one input until it runs out.

    The children fill their windows first, as they start, and this process's engine takes
    what comes after: a small run goes to the children whole, as it always did.
    """
    window = start.settings.limits.concurrency * WINDOW_PER_WORKER
    filled = [asyncio.Event() for _ in children]

    async def here() -> None:
        for event in filled:
            await event.wait()
        await run_locally(start.settings, start.profile, start.lang, feed, sink)

    try:
        async with asyncio.TaskGroup() as group:
            for child, event in zip(children, filled, strict=True):
                group.create_task(child.drive(start, feed, window, sink, event))
            group.create_task(here())
    except* WorkerLost as lost:
        raise lost.exceptions[0] from None


class _Child:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self._process = process
        self._held: dict[int, Target] = {}
        self._next_id = 0
        self._ended = False

    @classmethod
    async def spawn(cls) -> _Child:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "v6audit.auditor.processes",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            # a session of its own: Ctrl-C on the terminal reaches this process only, which ends
            # the children (a child still importing would die of it with a traceback)
            start_new_session=True,
        )
        return cls(process)

    async def drive(
        self,
        start: _Start,
        feed: AsyncIterator[Target],
        window: int,
        sink: Sink,
        filled: asyncio.Event,
    ) -> None:
        """Keep this child's window full; hand each report it returns to the sink.

        Filling and reading go on side by side: while the input is slow to give the next
        target, the reports of those already sent still reach the sink at once. ``filled`` is
        set once the window was first filled (or the input ended).
        """
        self._send(start)
        room = asyncio.Event()

        async def keep_filled() -> None:
            await self._fill(feed, window)
            filled.set()
            while not self._ended:
                await room.wait()
                room.clear()
                await self._fill(feed, window)

        assert self._process.stdout is not None
        lost = False
        async with asyncio.TaskGroup() as group:
            filler = group.create_task(keep_filled())
            while self._held or not self._ended:
                message = await _receive(self._process.stdout)
                if message is None:  # the child closed its end: done, or gone
                    filler.cancel()
                    lost = bool(self._held) or not self._ended  # raised outside the group
                    break
                number, results, score, outcomes, waits = message  # see _serve's sink
                sink(TargetReport(self._held.pop(number), results, score, outcomes, waits))
                room.set()
        if lost:
            raise await self._lost()
        await self._process.wait()

    async def _lost(self) -> WorkerLost:
        code = await self._process.wait()
        held = [target.raw for target in self._held.values()]
        named = ", ".join(held[:SHOWN]) + (", ..." if len(held) > SHOWN else "")
        return WorkerLost(
            f"an audit process exited ({code}) before finishing {len(held)} targets "
            f"({named}); --resume audits them"
        )

    async def _fill(self, feed: AsyncIterator[Target], window: int) -> None:
        while not self._ended and len(self._held) < window:
            target = await anext(feed, None)
            if target is None:
                self._ended = True
                self._send(END)
                return
            self._next_id += 1
            self._held[self._next_id] = target
            self._send((self._next_id, target))

    def _send(self, message: object) -> None:
        assert self._process.stdin is not None
        # the window bounds what is written ahead, so the pipe's buffer needs no drain
        self._process.stdin.write(_frame(message))

    async def stop(self) -> None:
        """End the child if it is still running (deadline, interrupt, another child's loss)."""
        if self._process.returncode is None:
            self._process.kill()
            # read what it wrote to the end: asyncio reports the exit only once the pipes are
            # closed, and a reader paused on a full buffer would never see its end
            await self._process.communicate()


def _frame(message: object) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


async def _receive(stream: asyncio.StreamReader) -> Any:
    """The next message, or None when the other end has closed the pipe."""
    try:
        header = await stream.readexactly(HEADER.size)
        return pickle.loads(await stream.readexactly(HEADER.unpack(header)[0]))
    except asyncio.IncompleteReadError:
        return None


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> int:
    """The child's side: audit what arrives, return each report with its number."""
    start = await _receive(reader)
    if not isinstance(start, _Start):
        return 1
    arrived: asyncio.Queue[tuple[int, Target] | str | None] = asyncio.Queue()
    numbers: dict[int, int] = {}

    async def targets() -> AsyncIterator[Target]:
        while isinstance(item := await arrived.get(), tuple):
            number, target = item
            numbers[id(target)] = number
            yield target

    def sink(report: TargetReport) -> None:
        # the target goes back as its number: the parent holds it, and unpickling a target
        # again cost the parent about as much as the rest of a report
        number = numbers.pop(id(report.target))
        writer.write(_frame((number, report.results, report.score, report.outcomes, report.waits)))

    audit = asyncio.ensure_future(
        run_locally(start.settings, start.profile, start.lang, targets(), sink)
    )

    async def read() -> None:
        while True:
            message = await _receive(reader)
            if message is None and not audit.done():
                audit.cancel()  # the parent is gone (killed, or its run stopped): stop at once
            arrived.put_nowait(message)
            if message is None or message == END:
                return

    reading = asyncio.create_task(read())
    try:
        await audit
    except asyncio.CancelledError:
        return 1
    await writer.drain()
    reading.cancel()
    return 0


async def _child_main() -> int:
    loop = asyncio.get_running_loop()
    # frames get their own copy of stdout; stray prints from libraries go to stderr instead
    frames = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, frames)
    writer = asyncio.StreamWriter(transport, protocol, None, loop)
    try:
        return await _serve(reader, writer)
    finally:
        writer.close()


def child() -> None:
    """Entry point of a child process (``python -m v6audit.auditor.processes``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    sys.exit(asyncio.run(_child_main()))


if __name__ == "__main__":
    # run the imported module, whose classes are the ones the parent pickles (not __main__'s)
    from v6audit.auditor.processes import child as run_child

    run_child()
