"""The per-layer profile table: which code each profiled function counts for."""

from __future__ import annotations

import cProfile
import json
from pathlib import Path

import pytest

from bench.__main__ import Measure, median_measure
from bench.layers import BUSY, IDLE, layer_of, layer_table, layers

LIB = "/venv/lib/python3.11/site-packages"
STD = "/usr/lib/python3.11"


@pytest.mark.parametrize(
    ("filename", "function", "layer"),
    [
        ("~", "<method 'poll' of 'select.epoll' objects>", IDLE),
        (f"{LIB}/httpcore/_async/connection.py", "handle_async_request", "HTTP"),
        (f"{LIB}/dns/message.py", "from_wire", "DNS"),
        (f"{LIB}/pydantic/main.py", "__init__", "pydantic"),
        ("/src/v6audit/probes/web_fetch.py", "walk", "own code"),
        ("~", "<method 'do_handshake' of '_ssl._SSLSocket' objects>", "TLS"),
        ("~", "<method 'connect' of '_socket.socket' objects>", "sockets"),
        ("~", "<built-in method builtins.isinstance>", "builtins"),
        (f"{STD}/asyncio/base_events.py", "_run_once", "asyncio"),
        (f"{STD}/ipaddress.py", "ip_address", "ipaddress"),
        (f"{STD}/json/encoder.py", "iterencode", "standard library"),
        ("<frozen importlib._bootstrap>", "_find_and_load", "standard library"),
    ],
)
def test_each_function_counts_for_the_layer_it_runs_in(
    filename: str, function: str, layer: str
) -> None:
    assert layer_of(filename, function).startswith(layer)


def test_a_real_profile_is_summed_per_layer_with_a_busy_total(tmp_path: Path) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [json.dumps(list(range(1000))) for _ in range(50)])
    path = tmp_path / "run.prof"
    profiler.dump_stats(path)
    found = layers(path)
    assert found["standard library (other)"] > 0
    assert found[BUSY] == pytest.approx(sum(v for k, v in found.items() if k not in (BUSY, IDLE)))
    table = layer_table(found, found).splitlines()
    assert table[-1].startswith(BUSY)
    assert any(line.startswith("standard library (other)") for line in table)


def _measure(wall: float, cpu: float, rss: float) -> Measure:
    return Measure("v6audit", 100, wall, cpu, rss, 0.5, 320, {"TCP opens": 700})


def test_repeated_runs_are_judged_on_medians_and_the_highest_peak_memory() -> None:
    runs = [_measure(10.0, 2.0, 200.0), _measure(12.0, 1.0, 210.0), _measure(30.0, 1.5, 190.0)]
    median = median_measure(runs)
    assert (median.wall, median.cpu, median.peak_rss_mb) == (12.0, 1.5, 210.0)
    assert median.sent == {"TCP opens": 700}
