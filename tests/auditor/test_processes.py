from __future__ import annotations

import asyncio
import os
import signal
import sys
from asyncio.subprocess import PIPE
from pathlib import Path

from v6audit.auditor.processes import LARGE_INPUT, _Child, default_processes, share
from v6audit.probes.net.settings import Limits, ScanSettings, Timeouts


def test_each_child_gets_its_share_of_the_limits() -> None:
    limits = Limits(concurrency=65, in_flight=256, per_host=4, rate=500.0, processes=2)
    settings = ScanSettings(limits=limits, timeouts=Timeouts(deadline=60.0))
    part = share(settings, 2)
    assert part.limits.processes == 1
    assert part.limits.concurrency == 33
    assert part.limits.rate == 250.0
    assert part.limits.per_host == 2
    assert part.limits.in_flight == 256  # this machine's sockets: each process has its own
    assert part.timeouts.deadline is None  # the parent's to enforce
    assert part.timeouts.probe == settings.timeouts.probe


def test_the_per_host_limit_never_falls_below_one() -> None:
    settings = ScanSettings(limits=Limits(per_host=2, processes=4))
    assert share(settings, 4).limits.per_host == 1


def test_a_large_target_file_gets_a_process_per_cpu(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("".join(f"d{i}.example\n" for i in range(LARGE_INPUT + 1)))
    assert default_processes([], [big]) == len(os.sched_getaffinity(0))


def test_a_small_run_stays_in_one_process(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("".join(f"d{i}.example\n" for i in range(LARGE_INPUT // 3)))
    assert default_processes(["a.example", "b.example"], [small, small]) == 1
    assert default_processes(["a.example"], []) == 1


def test_input_of_unknown_length_counts_as_small(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # so opening it to read does not block
    try:
        assert default_processes([], [Path("-"), fifo]) == 1
    finally:
        os.close(writer)


def test_a_child_is_stopped_even_with_its_output_unread() -> None:
    """Stopping must not wait forever on a pipe whose reading was paused (a full buffer)."""
    chatty = "import sys, time; sys.stdout.write('x' * 10**6); sys.stdout.flush(); time.sleep(60)"

    async def go() -> int | None:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", chatty, stdin=PIPE, stdout=PIPE
        )
        child = _Child(process)
        await asyncio.sleep(1)  # the reader fills its buffer past the limit and pauses
        async with asyncio.timeout(10):
            await child.stop()
        return process.returncode

    assert asyncio.run(go()) == -signal.SIGKILL
