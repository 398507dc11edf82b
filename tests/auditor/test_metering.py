from __future__ import annotations

import os
import subprocess
import sys
import time

from v6audit.auditor.metering import RunMeter, machine_cpu, tree_cpu_seconds
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


def test_the_machine_counts_this_process_busy() -> None:
    before = machine_cpu()
    assert before is not None
    started = time.process_time()
    while time.process_time() < started + 0.3:
        pass
    after = machine_cpu()
    assert after is not None
    busy, total = after[0] - before[0], after[1] - before[1]
    assert total >= busy >= 0.2 * os.sysconf("SC_CLK_TCK")  # 0.3 s of CPU; ticks are coarse
