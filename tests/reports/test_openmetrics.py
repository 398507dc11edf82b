"""The metrics, parsed by Prometheus's own client: as OpenMetrics and as the text format that
node_exporter's textfile collector reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from prometheus_client.openmetrics.parser import text_string_to_metric_families
from prometheus_client.parser import text_string_to_metric_families as text_format_families

from tests.reports.fixtures import report, run_info
from v6audit.auditor.model import Status
from v6audit.auditor.profile import load_profile
from v6audit.auditor.records import InputProblem
from v6audit.auditor.store.queries import TrendPoint
from v6audit.probes.model import Reason, Sector
from v6audit.reports.openmetrics import OpenMetricsWriter, trend_exposition

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def _parse(text: str) -> Samples:
    """Samples by name and labels; both parsers must read the text, and agree."""
    assert text.endswith("# EOF\n")
    samples: Samples = {}
    for family in text_string_to_metric_families(text):
        assert family.type == "gauge"
        assert family.name.startswith("v6audit_")
        for sample in family.samples:
            assert sample.timestamp is None  # the textfile collector refuses timestamps
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    classic = {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_format_families(text)
        for sample in family.samples
    }
    assert classic == samples
    return samples


def _value(samples: Samples, name: str, **labels: str) -> float:
    return samples[(name, frozenset({"profile": "default", **labels}.items()))]


def test_run_metrics(tmp_path: Path) -> None:
    output = tmp_path / "v6audit.prom"
    writer = OpenMetricsWriter(output, load_profile("default"))
    writer.add(report("www.gov.example", Status.PASS, sector=Sector.GOV))
    writer.add(report("bank.example", Status.FAIL, sector=Sector.FINANCE))
    writer.add(report("lost.example", Status.ERROR, reason=Reason.TIMEOUT))
    writer.add_problem(InputProblem("t.txt:3", "-bad", "empty label"))
    run = run_info()
    run.finished = run.started + timedelta(seconds=61.5)
    assert not output.exists()
    writer.close(run)
    samples = _parse(output.read_text("utf-8"))

    assert _value(samples, "v6audit_run_info", version="0.1.0") == 1
    assert _value(samples, "v6audit_run_duration_seconds") == 61.5
    assert _value(samples, "v6audit_run_start_timestamp_seconds") == run.started.timestamp()
    assert _value(samples, "v6audit_run_end_state", state="complete") == 1
    assert _value(samples, "v6audit_run_end_state", state="interrupted") == 0
    assert _value(samples, "v6audit_targets") == 3
    assert _value(samples, "v6audit_targets_scored") == 2
    assert _value(samples, "v6audit_input_errors") == 1
    assert _value(samples, "v6audit_score") == 50
    assert _value(samples, "v6audit_goal_score", goal="single-stack") == 50
    assert (
        "v6audit_goal_score",
        frozenset({"profile": "default", "goal": "de-nat"}.items()),
    ) not in samples  # nothing measured: no sample rather than a made-up zero
    assert _value(samples, "v6audit_benchmark_targets") == 1
    counts = {status.value: _value(samples, "v6audit_check_results", check="dns.aaaa",
                                   status=status.value) for status in Status}  # fmt: skip
    assert counts == {"pass": 1, "warn": 0, "fail": 1, "info": 0, "not_applicable": 0, "error": 1}
    sectors = {
        dict(labels)["sector"]: value
        for (name, labels), value in samples.items()
        if name == "v6audit_sector_benchmark_targets"
    }
    assert sectors == {"gov": 1, "finance": 0, "energy": 0, "transport": 0, "education": 0,
                       "manufacturing": 0, "none": 0}  # fmt: skip
    assert _value(samples, "v6audit_sector_targets", sector="none") == 1
    assert _value(samples, "v6audit_sector_benchmark_goal") == 20
    # no per-target label: the label values come from bounded sets only
    labels = {key for _name, label_set in samples for key, _value in label_set}
    assert labels == {"profile", "version", "state", "goal", "check", "status", "sector"}


def test_label_values_are_escaped(tmp_path: Path) -> None:
    output = tmp_path / "v6audit.prom"
    run = run_info()
    run.profile = run.profile.model_copy(update={"name": 'C:\\profiles\\"strict"\nv2'})
    writer = OpenMetricsWriter(output, load_profile("default"))
    writer.close(run)
    samples = _parse(output.read_text("utf-8"))
    profiles = {dict(labels)["profile"] for _name, labels in samples}
    assert profiles == {run.profile.name}


def test_trend_metrics_describe_the_newest_run() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    points = [
        TrendPoint("a", start, 10, 8, 60.0, 2, {"single-stack": 60.0}),
        TrendPoint("b", start + timedelta(days=1), 10, 9, 75.5, 4, {"single-stack": 70.0}),
    ]
    samples = _parse(trend_exposition(points, "default", "gov"))
    gov = {"sector": "gov"}
    assert _value(samples, "v6audit_trend_runs", **gov) == 2
    assert _value(samples, "v6audit_trend_score", **gov) == 75.5
    assert _value(samples, "v6audit_trend_goal_score", goal="single-stack", **gov) == 70
    assert _value(samples, "v6audit_trend_benchmark_share", **gov) == 40
    assert _value(samples, "v6audit_trend_run_start_timestamp_seconds", **gov) == (
        points[1].started.timestamp()
    )
    empty = _parse(trend_exposition([], "default", None))
    assert empty == {
        ("v6audit_trend_runs", frozenset({"profile": "default", "sector": "all"}.items())): 0
    }
