"""Give freed heap memory back to the system during long runs.

A run allocates and frees a great deal in the C heap (TLS connections, page bodies, DNS
messages), and glibc keeps what was freed: the benchmark's processes showed the memory in use
flat at 14 MB while free heap memory grew from 7 to 25 MB over 9,000 domains, so resident memory
kept growing with the number of targets. ``malloc_trim`` returns those free pages; called every
so many targets it keeps a long run's memory flat at the cost of a millisecond. Elsewhere than
glibc it does nothing.

The cyclic garbage collector is tuned once the engine has loaded everything (:func:`settle`):
a run keeps some 100,000 objects alive from start to end (modules, the catalog, the profile,
schemas) that every full collection would walk again, while the objects of one exchange (tasks,
futures, messages) mostly die young and by reference count. The benchmark measured 2.6 ms of
collection per domain by default, 1.0 ms once the startup objects were frozen and collections
were made rarer; rarer still (50,000 allocations) saved 0.1 ms more but kept 20 MB more alive
across the run's three processes.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable

TRIM_EVERY = 500
"""Targets between two trims."""
GC_THRESHOLDS = (10_000, 10, 10)
"""Allocations before a young collection (default 700), and young (then middle) collections
before the next generation's: a run allocates fast, and a cycle left a little longer costs
little memory."""

# the symbols already loaded into this process: libc's, when Python is linked against it
_TRIM: Callable[[int], int] | None = getattr(ctypes.CDLL(None), "malloc_trim", None)


class HeapTrimmer:
    """Counts finished targets and trims the heap every ``TRIM_EVERY`` of them."""

    def __init__(self, every: int = TRIM_EVERY) -> None:
        self._every = every
        self._count = 0

    def finished(self) -> None:
        self._count += 1
        if self._count % self._every == 0 and _TRIM is not None:
            _TRIM(0)


def settle() -> None:
    """Freeze what exists now (it lives for the whole run) and make collections rarer.

    Called when a run is about to start auditing. Only the process's first call freezes:
    frozen objects are never collected, which is right for what startup built, but a process
    that runs again (a worker, a test session) would otherwise keep every earlier run's cycles.
    """
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
