from __future__ import annotations

from tests.profiles import one_goal_profile
from v6audit.auditor.model import CheckResult, Status
from v6audit.auditor.profile import parse_profile
from v6audit.auditor.scoring import grade_for, score_results
from v6audit.probes.model import Reason

PROFILE = parse_profile(
    b"""schema = 1
name = "p"
title = { en = "p", zh = "p" }
benchmark = 90
[goals.a]
title = { en = "a", zh = "a" }
weight = 3
checks = { "dns.aaaa" = 1 }
[goals.b]
title = { en = "b", zh = "b" }
weight = 1
""",
    "test",
)


def _result(status: Status, reason: Reason | None = None) -> CheckResult:
    return CheckResult(id="dns.aaaa", status=status, summary="", details={}, reason=reason)


def test_pass_warn_fail_points() -> None:
    assert score_results([_result(Status.PASS)], PROFILE).goals == {"a": 100.0, "b": None}
    assert score_results([_result(Status.WARN)], PROFILE).total == 50.0
    failed = score_results([_result(Status.FAIL)], PROFILE)
    assert (failed.total, failed.grade, failed.benchmark) == (0.0, "D", False)


def test_error_is_not_measured_never_pass_or_fail() -> None:
    score = score_results([_result(Status.ERROR, Reason.TIMEOUT)], PROFILE)
    assert score.total is None
    assert score.grade == "not_measured"
    assert score.not_measured == ["dns.aaaa"]


def test_benchmark_and_grades() -> None:
    assert score_results([_result(Status.PASS)], PROFILE).benchmark
    assert [grade_for(x) for x in (95, 80, 60, 10, None)] == ["A", "B", "C", "D", "not_measured"]


def test_breakdown_shows_the_arithmetic() -> None:
    score = score_results([_result(Status.WARN)], PROFILE)
    (part,) = score.breakdown["a"]
    assert (part.check, part.weight, part.status, part.earned) == (
        "dns.aaaa",
        1.0,
        Status.WARN,
        0.5,
    )
    assert score.breakdown["b"] == []


def test_a_score_resting_on_too_little_is_no_score() -> None:
    profile = one_goal_profile({"dns.aaaa": 1, "dns.cname6": 3})
    passed = CheckResult(id="dns.aaaa", status=Status.PASS, summary="", details={})
    failed = CheckResult(
        id="dns.cname6", status=Status.ERROR, summary="", details={}, reason=Reason.NXDOMAIN
    )
    score = score_results([passed, failed], profile)
    assert (score.coverage, score.total, score.grade) == (0.25, None, "not_measured")
    assert score.goals == {"single-stack": 100.0}  # the goal still shows what was measured
    assert score_results([passed], profile).coverage == 1.0


def test_a_shown_check_is_reported_never_weighed() -> None:
    """An informational check that errors (no root for a ping) costs no coverage."""
    profile = one_goal_profile({"dns.aaaa": 1}, shows=("net.icmp6",))
    ping = CheckResult(
        id="net.icmp6", status=Status.ERROR, summary="", details={}, reason=Reason.NEEDS_ROOT
    )
    score = score_results([_result(Status.PASS), ping], profile)
    assert (score.total, score.coverage) == (100.0, 1.0)
    assert [part.check for part in score.breakdown["single-stack"]] == ["dns.aaaa"]
