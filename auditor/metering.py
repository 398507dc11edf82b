"""A run's figures for :mod:`probes.net.binding`: the reports' waits, the processes' CPU time
and how busy the whole machine was.

The gate adds up waits and exchanges; each report carries what its process's gate added since
the previous report, so figures from child processes arrive with their reports and add up here.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

from v6audit.probes.net.binding import MachineLoad, Verdict, Waits, judge


class RunMeter:
    """A run's waits and CPU time so far, and the verdict they give."""

    def __init__(self, processes: int) -> None:
        self.waits = Waits()
        self._started = time.monotonic()
        self._cpu_started = tree_cpu_seconds()
        self._machine_started = machine_cpu()
        self._cores = max(1, min(processes, os.cpu_count() or 1))

    def add(self, waits: Waits) -> None:
        self.waits.add(waits)

    def verdict(self) -> Verdict | None:
        wall = time.monotonic() - self._started
        cpu = tree_cpu_seconds() - self._cpu_started
        return judge(self.waits, cpu, wall * self._cores, self._machine_load(cpu))

    def _machine_load(self, cpu: float) -> MachineLoad | None:
        """How busy the machine was since the run started; None without ``/proc/stat``."""
        now = machine_cpu()
        if self._machine_started is None or now is None:
            return None
        busy = now[0] - self._machine_started[0]
        total = now[1] - self._machine_started[1]
        if total <= 0:
            return None
        ours = cpu * os.sysconf("SC_CLK_TCK")
        return MachineLoad(busy=busy / total, others=max(0.0, busy - ours) / total)


def machine_cpu() -> tuple[int, int] | None:
    """Busy and total CPU time of the whole machine so far, in clock ticks (``/proc/stat``'s
    first line; idle and iowait are not busy); None where there is no such file."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            ticks = [int(field) for field in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    if len(ticks) < 5:
        return None
    idle = ticks[3] + ticks[4]
    return sum(ticks) - idle, sum(ticks)


def tree_cpu_seconds() -> float:
    """CPU seconds used by this process and its child processes (``--processes``).

    Children that ended and were waited for are in ``getrusage``; live ones are found by their
    parent in ``/proc/PID/stat`` (Linux), which every kernel has, unlike the per-thread
    ``children`` lists.
    """
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = time.process_time() + ended.ru_utime + ended.ru_stime
    tick, me = os.sysconf("SC_CLK_TCK"), os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        if int(fields[1]) == me:  # ppid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total
