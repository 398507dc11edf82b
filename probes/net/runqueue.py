"""How long the calling thread has waited for a CPU: the auditing machine's own delay.

A timing taken while other work saturates the auditing machine includes the time the auditor's
thread was runnable but not running: the answer had arrived, the CPU was busy elsewhere. Linux
counts that wait per thread (``/proc/thread-self/schedstat``, second field, in nanoseconds), so
a measurement can tell how much of its duration the auditor itself spent queued for a CPU. The
wait of an interval also counts queueing that happened before the answer arrived (another
coroutine's answer woke the thread): it bounds the delay from above, it does not measure it.
"""

from __future__ import annotations

from pathlib import Path

SCHEDSTAT = Path("/proc/thread-self/schedstat")


def waited() -> float | None:
    """Seconds the calling thread has spent runnable but not running since it started; None
    where the kernel does not count it (not Linux, or built without scheduler statistics)."""
    try:
        return int(SCHEDSTAT.read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None
