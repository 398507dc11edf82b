from __future__ import annotations

import subprocess
import sys
import time

from v6audit.auditor.metering import RunMeter, tree_cpu_seconds
from v6audit.probes.net.binding import Waits

BUSY = "import time\nwhile time.process_time() < 0.3: pass\nprint('done', flush=True)\ninput()"


def test_tree_cpu_counts_live_children() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", BUSY], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == "done\n"  # the child has used 0.3 s of CPU
        assert tree_cpu_seconds() >= time.process_time() + 0.25  # clock ticks are coarse
        child.kill()


def test_run_meter_adds_the_reports_waits() -> None:
    meter = RunMeter(processes=1)
    meter.add(Waits(per_host=9.0, exchange=1.0))
    meter.add(Waits(per_host=9.0, exchange=1.0))
    assert meter.waits == Waits(per_host=18.0, exchange=2.0)
