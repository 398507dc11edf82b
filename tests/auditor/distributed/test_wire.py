"""Reports through the broker's JSON: what the coordinator stores is what the worker encoded."""

from __future__ import annotations

import json

from tests.auditor.store.samples import PROFILE, observed, report
from v6audit.auditor.distributed.wire import report_from_json, report_to_json


def test_a_report_comes_back_with_its_results_score_and_outcomes_unchanged() -> None:
    sent = report("a.example", True)
    document = json.loads(json.dumps(report_to_json(0, sent)))  # as the broker carries it
    received = report_from_json(document, [sent.target], PROFILE)
    assert (received.target, received.results, received.score) == (
        sent.target,
        sent.results,
        sent.score,
    )
    assert received.outcomes == sent.outcomes


def test_outcomes_sent_as_documents_by_an_older_worker_are_stored_as_their_json() -> None:
    sent = report("a.example", None)
    document = json.loads(json.dumps(report_to_json(0, sent)))
    failure = observed("a.example", None)["dns.host"]
    document["outcomes"]["dns.host"]["data"] = failure.model_dump(mode="json")
    received = report_from_json(document, [sent.target], PROFILE)
    stored = received.outcomes["dns.host"]
    assert stored.failed
    assert json.loads(stored.data) == failure.model_dump(mode="json")


def test_an_outcome_whose_text_is_not_json_is_left_out() -> None:
    sent = report("a.example", True)
    document = json.loads(json.dumps(report_to_json(0, sent)))
    document["outcomes"]["dns.host"]["data"] = '{"host": "a.exam'  # cut short on the way
    received = report_from_json(document, [sent.target], PROFILE)
    assert received.outcomes == {}
    assert received.results == sent.results  # the verdicts still count
