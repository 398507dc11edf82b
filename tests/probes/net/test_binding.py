from __future__ import annotations

import pytest

from v6audit.probes.net.binding import Limit, MachineLoad, Waits, blame, judge


def test_too_little_measured_names_nothing() -> None:
    assert judge(Waits(), cpu=0.0, cpu_capacity=0.0) is None
    assert judge(Waits(rate=0.001, exchange=0.001), cpu=0.0, cpu_capacity=1.0) is None


def test_waits_since_a_mark() -> None:
    later = Waits(2, 3, 4, 5)
    later.charge("exchange", 1.0)
    assert later.since(Waits(1, 1, 1, 1)) == Waits(1, 2, 3, 5)


def test_busy_processes_are_cpu_bound_whatever_the_waits() -> None:
    verdict = judge(Waits(per_host=100.0, exchange=1.0), cpu=9.0, cpu_capacity=10.0)
    assert verdict is not None
    assert verdict.limit is Limit.CPU
    assert "--processes" in verdict.describe()


def test_a_busy_machine_binds_whoever_holds_its_cpus() -> None:
    # the run's processes used 80% of theirs, the machine's CPUs were 92% busy: no idle CPU
    # was left, and the time inside exchanges is answers waiting for one, not slow servers
    waits = Waits(exchange=100.0)
    mostly_ours = judge(waits, 8.0, 10.0, MachineLoad(busy=0.92, others=0.12))
    assert mostly_ours is not None
    assert (mostly_ours.limit, mostly_ours.share) == (Limit.CPU, 0.92)
    shared = judge(waits, 4.0, 10.0, MachineLoad(busy=0.9, others=0.5))
    assert shared is not None
    assert shared.limit is Limit.MACHINE
    assert shared.describe() == (
        "bound by the machine's CPUs, shared with other programs (run fewer beside it): "
        "90% of all CPUs busy"
    )
    idle_left = judge(waits, 4.0, 10.0, MachineLoad(busy=0.6, others=0.2))
    assert idle_left is not None
    assert idle_left.limit is Limit.SERVERS


def test_host_queue_behind_holders_waiting_for_rate_tokens_blames_the_rate() -> None:
    # --rate 5: few holders wait for tokens, many operations queue for a host's slots
    waits = Waits(rate=40.0, per_host=300.0, in_flight=0.0, exchange=2.0)
    verdict = judge(waits, cpu=0.5, cpu_capacity=60.0)
    assert verdict is not None
    assert verdict.limit is Limit.RATE
    assert "--rate" in verdict.describe()


def test_host_queue_behind_exchanges_blames_the_per_host_limit() -> None:
    # --per-host 1 and one shared server: one operation at a time, the rest queue
    verdict = judge(Waits(per_host=90.0, exchange=10.0), cpu=1.0, cpu_capacity=30.0)
    assert verdict is not None
    assert verdict.limit is Limit.PER_HOST
    assert verdict.share == pytest.approx(0.9)
    assert "--per-host" in verdict.describe()
    assert verdict.short() == "bound: per-host (--per-host) 90%"


def test_in_flight_queue_behind_exchanges_blames_the_in_flight_cap() -> None:
    verdict = judge(Waits(in_flight=50.0, per_host=20.0, exchange=10.0), cpu=1, cpu_capacity=9)
    assert verdict is not None
    assert verdict.limit is Limit.IN_FLIGHT


def test_time_inside_exchanges_blames_the_servers() -> None:
    verdict = judge(Waits(rate=0.1, per_host=0.5, exchange=30.0), cpu=1.0, cpu_capacity=20.0)
    assert verdict is not None
    assert verdict.limit is Limit.SERVERS
    assert "--concurrency" in verdict.describe()


@pytest.mark.parametrize(
    "waits",
    [Waits(1, 2, 3, 4), Waits(per_host=5), Waits(in_flight=2, rate=1), Waits(exchange=3)],
)
def test_blame_shares_out_all_the_time(waits: Waits) -> None:
    assert sum(blame(waits).values()) == pytest.approx(waits.total)


def test_waits_add_up() -> None:
    total = Waits(1, 2, 3, 4)
    total.add(Waits(1, 1, 1, 1))
    assert total == Waits(2, 3, 4, 5)
