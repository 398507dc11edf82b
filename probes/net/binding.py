"""Which limit bound a run, so the user knows which option to change.

Every network operation passes the gate (:mod:`probes.net.gate`) in one order: a per-host slot, an
in-flight slot, a token from the global rate, then the exchange itself. The gate adds up the
seconds operations waited at each step and spent inside exchanges (:class:`Waits`); each report
carries what its process added since its previous report, so the run adds them up wherever its
processes ran, with its CPU time. From these, :func:`judge` names the limit:

* **CPU** when the processes were busy most of the run: then every other figure is inflated by
  an event loop that could not keep up, and only more processes help.
* **The machine's CPUs** when they were busy most of the run, whoever used them: the processes
  could not get more, and the servers look slow because their answers wait for a CPU too, so
  more concurrency would only add load. When other programs (on a shared host, the very servers
  scanned) held a good share of them, the verdict says so: fewer of them, not more processes.
* Otherwise the step where operation time went, with waiting blamed on its cause. Waiting for
  a slot is waiting for its holders, so it is blamed on what the holders were doing: a holder of
  an in-flight slot waits for the rate or exchanges; a holder of a per-host slot also waits for
  an in-flight slot. Without this, ``--rate 5`` would look per-host bound: dozens of operations
  queue for a host's four slots while the holders wait for rate tokens. Time inside exchanges
  is the servers' (slow servers, timeouts); more targets at once overlap more of it.

Pure functions of the figures, so the rules are tested without a network.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

CPU_BOUND = 0.85
"""Share of the processes' CPU capacity above which the run is CPU-bound."""

MIN_MEASURED = 1.0
"""Operation seconds below which a run is too short to say what bound it."""

Step = Literal["rate", "per_host", "in_flight", "exchange"]


@dataclass(slots=True)
class Waits:
    """Seconds, summed over operations, spent waiting at each step of the gate and inside."""

    rate: float = 0.0
    per_host: float = 0.0
    in_flight: float = 0.0
    exchange: float = 0.0

    def charge(self, step: Step, seconds: float) -> None:
        setattr(self, step, getattr(self, step) + seconds)

    def add(self, other: Waits) -> None:
        self.rate += other.rate
        self.per_host += other.per_host
        self.in_flight += other.in_flight
        self.exchange += other.exchange

    def since(self, earlier: Waits) -> Waits:
        """What was added since ``earlier``, a copy of this record."""
        return Waits(
            self.rate - earlier.rate,
            self.per_host - earlier.per_host,
            self.in_flight - earlier.in_flight,
            self.exchange - earlier.exchange,
        )

    @property
    def total(self) -> float:
        return self.rate + self.per_host + self.in_flight + self.exchange


class Limit(StrEnum):
    RATE = "rate"
    PER_HOST = "per-host"
    IN_FLIGHT = "in-flight"
    CPU = "cpu"
    MACHINE = "machine"
    SERVERS = "servers"


@dataclass(frozen=True, slots=True)
class Verdict:
    limit: Limit
    share: float
    """For CPU, the share of CPU capacity used; for the machine, the share of all its CPUs
    busy; otherwise the share of operation time."""

    def describe(self) -> str:
        """One line naming the limit and the option that moves it."""
        what = {
            Limit.RATE: "the global rate (raise --rate)",
            Limit.PER_HOST: "the per-host limit (raise --per-host, if the servers allow)",
            Limit.IN_FLIGHT: "the cap on operations in flight per process (raise --processes)",
            Limit.CPU: "CPU (raise --processes, up to the number of cores)",
            Limit.MACHINE: "the machine's CPUs, shared with other programs (run fewer beside it)",
            Limit.SERVERS: "the servers' response times (raise --concurrency to overlap more)",
        }[self.limit]
        measure = {Limit.CPU: "CPU busy", Limit.MACHINE: "of all CPUs busy"}.get(
            self.limit, "of operation time"
        )
        return f"bound by {what}: {self.share:.0%} {measure}"

    def short(self) -> str:
        """The same in a few words, for the progress line."""
        what = {
            Limit.RATE: "global rate (--rate)",
            Limit.PER_HOST: "per-host (--per-host)",
            Limit.IN_FLIGHT: "in flight (--processes)",
            Limit.CPU: "CPU (--processes)",
            Limit.MACHINE: "machine's CPUs (other programs)",
            Limit.SERVERS: "slow servers (--concurrency)",
        }[self.limit]
        return f"bound: {what} {self.share:.0%}"


def blame(waits: Waits) -> dict[Limit, float]:
    """Operation seconds charged to each limit (and to the servers), waiting traced to its cause.

    The charges add up to ``waits.total``.
    """
    rate, in_flight, per_host, exchange = (
        waits.rate,
        waits.in_flight,
        waits.per_host,
        waits.exchange,
    )
    # an in-flight slot's holders wait for a rate token, then exchange
    held_in_flight = rate + exchange
    in_flight_to_rate = rate / held_in_flight if held_in_flight else 0.0
    # a per-host slot's holders wait for an in-flight slot, a rate token, then exchange
    held_host = in_flight + rate + exchange
    host_to_in_flight = in_flight / held_host if held_host else 0.0
    host_to_rate = rate / held_host if held_host else 0.0
    host_to_host = exchange / held_host if held_host else 1.0
    in_flight_blamed = in_flight + per_host * host_to_in_flight
    return {
        Limit.RATE: rate + in_flight_blamed * in_flight_to_rate + per_host * host_to_rate,
        Limit.IN_FLIGHT: in_flight_blamed * (1.0 - in_flight_to_rate),
        Limit.PER_HOST: per_host * host_to_host,
        Limit.SERVERS: exchange,
    }


@dataclass(frozen=True, slots=True)
class MachineLoad:
    """Shares of all the machine's CPU time during the run."""

    busy: float
    """Busy, whoever used it."""
    others: float
    """Used by programs other than the run's processes."""


def judge(
    waits: Waits, cpu: float, cpu_capacity: float, machine: MachineLoad | None = None
) -> Verdict | None:
    """The binding limit; None until operations took ``MIN_MEASURED`` seconds in all.

    ``cpu`` is the CPU seconds the run's processes used, ``cpu_capacity`` the seconds they could
    have used (wall time times the processes, at most one per core); ``machine`` how busy the
    whole machine was meanwhile (None: unknown).
    """
    if cpu_capacity > 0 and cpu / cpu_capacity >= CPU_BOUND:
        return Verdict(Limit.CPU, min(1.0, cpu / cpu_capacity))
    if machine is not None and machine.busy >= CPU_BOUND:
        shared = machine.others >= 1.0 - CPU_BOUND
        return Verdict(Limit.MACHINE if shared else Limit.CPU, min(1.0, machine.busy))
    total = waits.total
    if total < MIN_MEASURED:
        return None
    charges = blame(waits)
    limit = max(charges, key=lambda key: charges[key])
    return Verdict(limit, charges[limit] / total)
