"""The confidence rules: which candidates are a host's counterparts, on synthetic surveys."""

from __future__ import annotations

from v6audit.auditor.checks.network_pairs import Confidence, standings
from v6audit.probes.net_survey import Candidate, Host, Survey

CERT_A, CERT_B = "a" * 64, "b" * 64


def survey(
    hosts: list[Host],
    candidates: list[Candidate],
    *,
    dead: tuple[str, ...] = (),
    fingerprints: dict[str, dict[str, str]] | None = None,
    other_names: dict[str, list[str]] | None = None,
) -> Survey:
    return Survey(
        network="11.1.0.0/24",
        version=4,
        method="sweep",
        examined=254,
        aliased=False,
        hosts=hosts,
        open_ports={},
        service_ports=[80, 443],
        candidates=candidates,
        alive={c.other: c.other not in dead for c in candidates},
        fingerprints=fingerprints or {},
        other_names=other_names or {},
    )


def guess(address: str, other: str, method: str = "same-number") -> Candidate:
    return Candidate(address=address, other=other, method=method, segment="3ffe:0:0:2::/64")


NAMED = Host(
    address="11.1.0.25",
    found_by="sweep",
    names=["gw.example.cn"],
    forward={"gw.example.cn": ["11.1.0.25", "3ffe:0:0:2::25"]},
)
BY_NAME = Candidate(address="11.1.0.25", other="3ffe:0:0:2::25", method="ptr", name="gw.example.cn")
PLAIN = Host(address="11.1.0.20", found_by="sweep")


def only(found: Survey, address: str) -> tuple[str, str, list[str]]:
    standing = standings(found)[address]
    (pair,) = standing.pairs
    return standing.status, pair.to_json()["confidence"], list(pair.evidence)


def test_forward_confirmed_ptr_is_high() -> None:
    status, confidence, evidence = only(survey([NAMED], [BY_NAME]), "11.1.0.25")
    assert (status, confidence) == ("paired", "high")
    assert "forward-confirmed" in evidence[0]


def test_ptr_name_that_does_not_give_the_address_back_is_medium() -> None:
    host = NAMED.model_copy(update={"forward": {"gw.example.cn": ["3ffe:0:0:2::25"]}})
    assert only(survey([host], [BY_NAME]), "11.1.0.25")[:2] == ("paired", "medium")


def test_a_number_guess_alone_stays_unknown() -> None:
    status, confidence, _ = only(
        survey([PLAIN], [guess("11.1.0.20", "3ffe:0:0:2::20")]), "11.1.0.20"
    )
    assert (status, confidence) == ("unknown", "low")


def test_a_unique_certificate_confirms_a_guess() -> None:
    prints = {"11.1.0.20": {"tls/443": CERT_A}, "3ffe:0:0:2::20": {"tls/443": CERT_A}}
    found = survey([PLAIN], [guess("11.1.0.20", "3ffe:0:0:2::20")], fingerprints=prints)
    status, confidence, evidence = only(found, "11.1.0.20")
    assert (status, confidence) == ("paired", "high")
    assert "same tls/443" in evidence


def test_a_shared_certificate_proves_nothing() -> None:
    other = Host(address="11.1.0.21", found_by="sweep")
    prints = {a: {"tls/443": CERT_A} for a in ("11.1.0.20", "11.1.0.21", "3ffe:0:0:2::20")}
    found = survey([PLAIN, other], [guess("11.1.0.20", "3ffe:0:0:2::20")], fingerprints=prints)
    status, confidence, evidence = only(found, "11.1.0.20")
    assert (status, confidence) == ("unknown", "low")
    assert "shared by 2 hosts" in evidence[-1]


def test_a_banner_match_raises_one_level() -> None:
    prints = {"11.1.0.20": {"banner/22": "SSH-2.0-x"}, "3ffe:0:0:2::20": {"banner/22": "SSH-2.0-x"}}
    found = survey([PLAIN], [guess("11.1.0.20", "3ffe:0:0:2::20")], fingerprints=prints)
    assert only(found, "11.1.0.20")[:2] == ("paired", "medium")


def test_contradicting_fingerprints_reject_a_guess() -> None:
    prints = {"11.1.0.20": {"tls/443": CERT_A}, "3ffe:0:0:2::20": {"tls/443": CERT_B}}
    for method in ("same-number", "hex", "embedded"):
        found = survey([PLAIN], [guess("11.1.0.20", "3ffe:0:0:2::20", method)], fingerprints=prints)
        status, confidence, evidence = only(found, "11.1.0.20")
        assert (status, confidence) == ("unknown", "rejected")
        assert evidence[-1] == "different tls/443"


def test_contradicting_fingerprints_only_lower_a_name() -> None:
    prints = {"11.1.0.25": {"tls/443": CERT_A}, "3ffe:0:0:2::25": {"tls/443": CERT_B}}
    assert only(survey([NAMED], [BY_NAME], fingerprints=prints), "11.1.0.25")[:2] == (
        "paired",
        "medium",
    )


def test_named_pairs_show_the_numbering_plan() -> None:
    candidates = [
        BY_NAME,
        guess("11.1.0.20", "3ffe:0:0:2::20"),
        guess("11.1.0.20", "3ffe:0:0:2::14", "hex"),
    ]
    found = standings(survey([NAMED, PLAIN], candidates))["11.1.0.20"]
    confidence = {p.other: p.confidence for p in found.pairs}
    assert confidence == {"3ffe:0:0:2::20": Confidence.MEDIUM, "3ffe:0:0:2::14": Confidence.LOW}
    assert found.counterparts == ["3ffe:0:0:2::20"]


def test_a_named_pair_off_the_plan_corroborates_nothing() -> None:
    named = NAMED.model_copy(update={"forward": {"gw.example.cn": ["11.1.0.25", "3ffe:0:0:2::99"]}})
    by_name = BY_NAME.model_copy(update={"other": "3ffe:0:0:2::99"})
    found = survey([named, PLAIN], [by_name, guess("11.1.0.20", "3ffe:0:0:2::20")])
    assert standings(found)["11.1.0.20"].status == "unknown"


def test_embedded_and_declared() -> None:
    embedded = guess("11.1.0.20", "3ffe:0:0:2::b01:14", "embedded")
    assert only(survey([PLAIN], [embedded]), "11.1.0.20")[:2] == ("paired", "medium")
    declared = guess("11.1.0.20", "3ffe:0:0:2::20").model_copy(update={"declared": True})
    assert only(survey([PLAIN], [declared]), "11.1.0.20")[:2] == ("paired", "high")
    pair = Candidate(address="11.1.0.20", other="3ffe:0:0:2::99", method="declared", declared=True)
    assert only(survey([PLAIN], [pair]), "11.1.0.20")[:2] == ("paired", "high")


def test_the_same_reverse_name_on_both_sides_raises_a_guess() -> None:
    host = PLAIN.model_copy(update={"names": ["db.example.cn"]})
    names = {"3ffe:0:0:2::20": ["db.example.cn"]}
    found = survey([host], [guess("11.1.0.20", "3ffe:0:0:2::20")], other_names=names)
    status, confidence, evidence = only(found, "11.1.0.20")
    assert (status, confidence) == ("paired", "medium")
    assert evidence[-1] == "both addresses' PTR give db.example.cn"


def test_evidence_of_missing_ipv6() -> None:
    dead = survey([NAMED], [BY_NAME], dead=("3ffe:0:0:2::25",))
    assert standings(dead)["11.1.0.25"].status == "dead"
    unpublished = NAMED.model_copy(update={"forward": {"gw.example.cn": ["11.1.0.25"]}})
    standing = standings(survey([unpublished], []))["11.1.0.25"]
    assert (standing.status, standing.unpublished) == ("unpublished", ["gw.example.cn"])
    assert standings(survey([PLAIN], []))["11.1.0.20"].status == "unknown"
