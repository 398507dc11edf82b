"""CPU load for lab measurements: processes that spin on the CPUs while a block runs.

What the auditor meets on a machine saturated by other work: its threads wait in the run queue
for a CPU. The spinners run at normal priority, as another user's jobs would.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

SPIN = "while True: pass"


@contextmanager
def saturated(processes: int) -> Iterator[None]:
    """Run the block while ``processes`` processes spin; they are killed when it ends."""
    spinners = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(processes)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
