from __future__ import annotations

import json

import pytest

from v6audit.auditor.reflector import MAX_PADDING, answer, caller_address


def test_caller_address_unwraps_ipv4_mapped() -> None:
    assert caller_address("::ffff:11.65.1.2") == ("11.65.1.2", 4)
    assert caller_address("fe80::1%lab0") == ("fe80::1", 6)
    assert caller_address("3ffe:501:65:1::2") == ("3ffe:501:65:1::2", 6)


def test_answer_reports_the_caller() -> None:
    status, body = answer("GET / HTTP/1.1", ("11.65.1.2", 40000))
    assert status == 200
    assert json.loads(body) == {"address": "11.65.1.2", "port": 40000, "family": 4}


def test_padding_is_bounded() -> None:
    status, body = answer("GET /?pad=2000 HTTP/1.1", ("::1", 1))
    assert status == 200
    assert len(json.loads(body)["padding"]) == 2000
    assert answer(f"GET /?pad={MAX_PADDING + 1} HTTP/1.1", ("::1", 1))[0] == 400


@pytest.mark.parametrize(
    ("line", "status"), [("POST / HTTP/1.1", 400), ("GET /x HTTP/1.1", 404), ("GET /", 400)]
)
def test_other_requests(line: str, status: int) -> None:
    assert answer(line, ("::1", 1))[0] == status
