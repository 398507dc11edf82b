"""The run summary names the limit that bound the run, on real servers (probes.net.binding)."""

from __future__ import annotations

import pytest

from lab.build import Lab
from tests.lab.slowscan import DNS_ONLY


def _bound_by(lab: Lab, *args: str) -> str:
    """The text report's last line: which limit bound the run."""
    result = lab.auditor(["scan", "-q", "--format", "text", *lab.resolver_args(), *args])
    assert result.returncode == 0, result.stderr
    last = result.stdout.splitlines()[-1]
    assert last.startswith("bound by "), result.stdout
    return last


@pytest.mark.lab
@pytest.mark.parametrize("processes", ["1", "2"])  # with 2, the figures come with the reports
def test_a_low_global_rate_is_named(lab: Lab, processes: str) -> None:
    names = [f"n{i}.good.lab" for i in range(20)]
    assert "the global rate (raise --rate)" in _bound_by(
        lab, "--profile", DNS_ONLY, "--rate", "5", "--processes", processes, *names
    )


@pytest.mark.lab
def test_one_slot_per_host_on_a_shared_server_is_named(lab: Lab) -> None:
    # one web server, slow over IPv6, for every target: its one slot is the queue
    urls = [f"http://slow.deep.lab/page{i}" for i in range(4)]
    assert "the per-host limit (raise --per-host" in _bound_by(lab, "--per-host", "1", *urls)
