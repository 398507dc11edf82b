"""The lab facade: build, use and tear down the sealed lab of a scenario.

:class:`Lab` puts together the network (:mod:`lab.topology`) and the servers on it
(:mod:`lab.services`), and offers what tests, the demo and the benchmark need: running the
auditor inside a vantage, and the options that point it at the lab's resolver, hints and CA.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from lab import netns
from lab.netns import LabError
from lab.services import Services
from lab.spec import Scenario
from lab.topology import PREFIX, Topology, innermost_carries, remove_stale_labs

T = TypeVar("T")
_INSTANCES = itertools.count()


class Lab:
    def __init__(self, scenario: Scenario, workdir: Path | None = None) -> None:
        self.scenario = scenario
        self.tag = f"{PREFIX}{os.getpid()}n{next(_INSTANCES)}"
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="v6lab-"))
        self.ca_path = self.workdir / "lab-ca.pem"
        self.root_hints_path = self.workdir / "root.hints"
        self.topology = Topology(scenario, self.tag, self.workdir)
        self.services = Services(self.topology, self.ca_path, self.root_hints_path)
        self.server_ns = self.topology.server_ns

    def namespace(self, vantage: str = "cli") -> str:
        return self.topology.namespace(vantage)

    def router_namespace(self, vantage: str, router: str) -> str:
        return self.topology.router_namespace(vantage, router)

    def up(self) -> Lab:
        if os.geteuid() != 0:
            raise LabError("the lab needs root (network namespaces); run the tests as root")
        for tool in ("ip", "knotd", "unbound", "nginx", "nft", "tayga"):
            if shutil.which(tool) is None:
                raise LabError(f"{tool} is not installed; run scripts/setup first")
        remove_stale_labs()
        try:
            self.topology.build()
            self.services.start()
            self.topology.verify_sealed()
        except BaseException:
            self.down()
            raise
        return self

    def down(self) -> None:
        self.services.stop()
        self.topology.tear_down()
        if not os.environ.get("V6LAB_KEEP"):
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Lab:
        return self.up()

    def __exit__(self, *_exc: object) -> None:
        self.down()

    def auditor(
        self, args: Sequence[str], vantage: str = "cli", timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run ``v6audit ARGS`` inside a vantage namespace, as a user would."""
        argv = netns.exec_argv(self.namespace(vantage), [sys.executable, "-m", "v6audit", *args])
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)

    def run_in(self, function: Callable[[], T], vantage: str = "cli") -> T:
        """Run ``function`` in-process inside a vantage namespace (probe-level lab tests)."""
        return netns.run_in(self.namespace(vantage), function)

    def resolver_args(self, vantage: str = "cli") -> list[str]:
        """Options for the lab's resolver (over IPv6 where the vantage can), hints and CA."""
        spec = self.scenario.vantage(vantage)
        family = 6 if spec.ipv6 and innermost_carries(spec, 6) else 4
        return [
            "--resolver",
            spec.resolver or self.scenario.resolver(family),
            "--root-hints",
            str(self.root_hints_path),
            "--ca-bundle",
            str(self.ca_path),
        ]

    def vantage_args(self, vantage: str) -> list[str]:
        """Options for ``v6audit vantage`` from a vantage: its resolver and reflector."""
        spec = self.scenario.vantage(vantage)
        reflector = ["--reflector", spec.reflector] if spec.reflector else []
        return [*self.resolver_args(vantage)[:2], *reflector]

    def local_packets(self, vantage: str) -> int:
        """Packets the vantage has sent to non-global destinations since the lab started."""
        return self.topology.local_packets(vantage)

    def canary_log(self, vantage: str) -> str:
        """What the vantage's canary servers recorded (empty: nothing contacted them)."""
        return self.services.canary_log(vantage)
