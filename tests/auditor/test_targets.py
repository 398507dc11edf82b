from __future__ import annotations

import io
import ipaddress
import re
import sys
from pathlib import Path

import pytest

from v6audit.auditor.records import InputProblem
from v6audit.auditor.targets import gather_targets, parse_line, parse_target, to_a_label
from v6audit.probes.model import Sector, TargetKind
from v6audit.probes.net.errors import InputError


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("www.example.cn", "www.example.cn"),
        ("WWW.Example.CN.", "www.example.cn"),
        ("政府.中国", "xn--mxtq1m.xn--fiqs8s"),
        ("xn--mxtq1m.xn--fiqs8s", "xn--mxtq1m.xn--fiqs8s"),
        ("a-b.c0.example", "a-b.c0.example"),
    ],
)
def test_host_names(text: str, host: str) -> None:
    target = parse_target(text)
    assert target.kind is TargetKind.DOMAIN
    assert target.host == host
    assert target.raw == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("localhost", "fully qualified"),
        ("bad..name", "empty label"),
        ("-lead.example", "inner hyphens"),
        ("under_score.example", "inner hyphens"),
        ("a" * 64 + ".example", "max 63"),
        (".".join(["a" * 60] * 5), "max 253"),
        ("xn--zz.example", "internationalised"),
        ("www.example.cn:8080", "port belongs in a URL"),
        ("1.2.3.999", "not a valid IP"),
        ("10.0.0.1/24", "did you mean 10.0.0.0/24"),
        ("2001:db8::/129", "not a valid IP"),
        ("ftp://example.cn/", "only http"),
        ("https://[2001:db8::1]/", "as a network target"),
        ("https:///path", "no host"),
        ("www.exa\x00mple.cn", "U+0000"),
        ("www.example.cn\u202e", "U+202E"),
        ("www.ex ample.cn", "white space"),
        ("", "empty"),
    ],
)
def test_rejected_targets_say_why(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_target(text)


def test_overlong_target_is_rejected_cheaply() -> None:
    with pytest.raises(InputError, match="characters long"):
        parse_target("a" * 100_000)


def test_networks_and_addresses() -> None:
    assert parse_target("2001:db8::/48").network == ipaddress.ip_network("2001:db8::/48")
    single = parse_target("192.0.2.7")
    assert single.kind is TargetKind.NETWORK
    assert single.network == ipaddress.ip_network("192.0.2.7/32")


def test_url_keeps_url_and_checks_host() -> None:
    target = parse_target("https://WWW.Example.cn:8443/a?b#c")
    assert (target.kind, target.host, target.url) == (
        TargetKind.DOMAIN,
        "www.example.cn",
        "https://WWW.Example.cn:8443/a?b#c",
    )


def test_line_with_sector_and_comment() -> None:
    target = parse_line("www.gov.cn 政务  # portal\n", "f:1")
    assert target is not None
    assert (target.host, target.sector, target.source) == ("www.gov.cn", Sector.GOV, "f:1")
    assert parse_line("   # only a comment", "f:2") is None
    url = parse_line("https://example.cn/#anchor", "f:3")
    assert url is not None
    assert url.url == "https://example.cn/#anchor"


def test_unknown_sector_and_extra_words() -> None:
    with pytest.raises(InputError, match="unknown sector"):
        parse_line("www.example.cn banking", "f:1")
    with pytest.raises(InputError, match="3 words"):
        parse_line("a.cn gov extra", "f:1")


def test_file_reports_bad_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("a.example\nbad..example\n\n# c\nb.example gov\na.example\n", "utf-8")
    items = list(gather_targets([], [path]))
    problems = [i for i in items if isinstance(i, InputProblem)]
    hosts = [i.host for i in items if not isinstance(i, InputProblem)]
    assert hosts == ["a.example", "b.example"]  # the duplicate is dropped
    assert [p.source for p in problems] == [f"{path}:2"]


def test_non_utf8_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"a.example\n\xff\xfe.example\nb.example\n")
    items = list(gather_targets([], [path]))
    assert any(isinstance(i, InputProblem) and "UTF-8" in i.error for i in items)
    hosts = [i.host for i in items if not isinstance(i, InputProblem)]
    assert hosts == ["a.example", "b.example"]


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        list(gather_targets([], [tmp_path / "nope.txt"]))


def test_hundred_thousand_lines_stream(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as out:
        for index in range(100_000):
            out.write(f"host{index}.example.cn\n" if index % 1000 else "bad..line\n")
    stream = gather_targets([], [path])
    first = next(stream)
    assert isinstance(first, InputProblem)  # line 1 (index 0) is bad, reported first
    rest = sum(1 for _ in stream)
    assert rest == 99_999


def test_a_label_round_trip_of_mixed_case_unicode() -> None:
    assert to_a_label("Bücher.Example") == "xn--bcher-kva.example"


def test_overlong_line_is_one_bad_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"a.example\n" + b"x" * 1_000_000 + b".example\nb.example\n")
    items = list(gather_targets([], [path]))
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [(p.source, p.error) for p in problems] == [(f"{path}:2", "line longer than 4096 bytes")]
    assert [i.host for i in items if not isinstance(i, InputProblem)] == ["a.example", "b.example"]


def test_endless_line_gives_up_on_the_file_in_bounded_memory() -> None:
    items = list(gather_targets([], [Path("/dev/zero")]))  # would never end, reading lines whole
    assert [i.error for i in items if isinstance(i, InputProblem)] == [
        "line longer than 4096 bytes",
        "no end of line: the rest of the file was skipped",
    ]


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO(b"a.example\nbad..x\n")

    monkeypatch.setattr(sys, "stdin", Stdin)
    items = list(gather_targets([], [Path("-")]))
    assert [i.host for i in items if not isinstance(i, InputProblem)] == ["a.example"]
    assert [i.source for i in items if isinstance(i, InputProblem)] == ["stdin:2"]


def test_duplicates_are_dropped_across_arguments_and_files(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("a.example\nhttps://a.example/\nb.example\nA.EXAMPLE\n", "utf-8")
    items = list(gather_targets(["a.example", "b.example"], [path, path]))
    assert [(i.host, i.url) for i in items if not isinstance(i, InputProblem)] == [
        ("a.example", None),
        ("b.example", None),
        ("a.example", "https://a.example/"),  # a URL on the host is another target
    ]
