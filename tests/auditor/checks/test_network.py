"""The network judges on synthetic surveys."""

from __future__ import annotations

from tests.auditor.checks.judging import judge
from v6audit.auditor.model import Status
from v6audit.probes.net_survey import Candidate, Host, Survey


def survey(
    hosts: list[Host],
    ports: dict[str, list[int]],
    version: int = 4,
    candidates: list[Candidate] | None = None,
    dead: tuple[str, ...] = (),
) -> Survey:
    if candidates is None:
        candidates = [PAIRS[h.address] for h in hosts if h.address in PAIRS]
    return Survey(
        network="11.61.0.0/24" if version == 4 else "3ffe:501:61::/64",
        version=version,
        method="sweep",
        examined=254,
        aliased=False,
        hosts=hosts,
        open_ports=ports,
        service_ports=[22, 80, 443],
        candidates=candidates,
        alive={c.other: c.other not in dead for c in candidates},
    )


def named(address: str, *others: str) -> Host:
    name = f"h{address.replace('.', '-').replace(':', '-')}.example.cn"
    return Host(address=address, found_by="sweep", names=[name], forward={name: [address, *others]})


def by_name(host: Host) -> Candidate:
    ((name, addresses),) = host.forward.items()
    other = next(a for a in addresses if (":" in a) != (":" in host.address))
    return Candidate(address=host.address, other=other, method="ptr", name=name)


DUAL = named("11.61.0.10", "3ffe:501:61::10")
SOLO = named("11.61.0.20")
"""Its name has an A record and no AAAA: evidence that it is IPv4-only."""
UNKNOWN = Host(address="11.61.0.40", found_by="sweep")
DUAL6 = named("3ffe:501:61::30", "11.61.0.30")
PAIRS = {h.address: by_name(h) for h in (DUAL, DUAL6)}


def test_discovery_counts_by_method() -> None:
    verdict = judge("net.discovery", survey([DUAL, SOLO], {}))
    assert verdict.status is Status.INFO
    assert verdict.details["by_method"] == {"sweep": 2}


def test_aliased_prefix_is_reported() -> None:
    found = Survey(
        network="3ffe:501:62::/64",
        version=6,
        method="candidates",
        examined=3,
        aliased=True,
        hosts=[],
        open_ports={},
        service_ports=[],
    )
    verdict = judge("net.discovery", found)
    assert "aliased" in verdict.summary
    assert judge("net.services6", found).status is Status.NOT_APPLICABLE


def test_dualstack_share_against_thresholds() -> None:
    assert judge("net.dualstack", survey([DUAL], {})).status is Status.PASS
    assert judge("net.dualstack", survey([DUAL, SOLO], {})).status is Status.WARN
    assert judge("net.dualstack", survey([SOLO], {})).status is Status.FAIL
    assert judge("net.dualstack", survey([DUAL, SOLO], {}), threshold=0.5).status is Status.PASS


def test_unknown_counterparts_are_not_missing_ones() -> None:
    verdict = judge("net.dualstack", survey([DUAL, UNKNOWN], {}))
    assert verdict.status is Status.PASS  # one unknown of two: judged on the known host
    assert verdict.details["unknown"] == ["11.61.0.40"]
    many = judge(
        "net.dualstack",
        survey([DUAL, UNKNOWN, UNKNOWN.model_copy(update={"address": "11.61.0.41"})], {}),
    )
    assert many.status is Status.INFO
    assert "declare the numbering plan" in many.summary
    assert judge("net.dualstack", survey([UNKNOWN], {})).status is Status.INFO


def test_dualstack_fails_on_a_dead_ipv6_address() -> None:
    verdict = judge("net.dualstack", survey([DUAL], {}, dead=("3ffe:501:61::10",)))
    assert verdict.status is Status.FAIL
    assert verdict.details["ipv6_dead"] == {"11.61.0.10": ["3ffe:501:61::10"]}


def test_dualstack_lists_pairs_with_method_and_confidence() -> None:
    verdict = judge("net.dualstack", survey([DUAL], {}))
    (pair,) = verdict.details["pairs"]["11.61.0.10"]
    assert (pair["other"], pair["method"], pair["confidence"]) == ("3ffe:501:61::10", "ptr", "high")
    assert verdict.details["methods"] == {"11.61.0.10": "ptr"}


def test_dualstack_not_applicable() -> None:
    assert judge("net.dualstack", survey([], {})).status is Status.NOT_APPLICABLE
    assert judge("net.dualstack", survey([DUAL], {}, version=6)).status is Status.NOT_APPLICABLE


def test_services_parity() -> None:
    same = {"11.61.0.10": [80, 443], "3ffe:501:61::10": [80, 443]}
    assert judge("net.services6", survey([DUAL], same)).status is Status.PASS
    lagging = {"11.61.0.10": [80], "3ffe:501:61::10": [80, 22]}
    verdict = judge("net.services6", survey([DUAL], lagging))
    assert verdict.status is Status.FAIL
    assert verdict.details["hosts"]["11.61.0.10"]["ipv6_only"] == [22]
    missing = {"11.61.0.10": [80, 443], "3ffe:501:61::10": [80]}
    assert judge("net.services6", survey([DUAL], missing)).status is Status.WARN
    alone = judge("net.services6", survey([SOLO], {"11.61.0.20": [80]}))
    assert alone.status is Status.INFO
    assert alone.details["not_compared"] == ["11.61.0.20"]


def test_unpaired_hosts_are_not_compared() -> None:
    ports = {"11.61.0.10": [80], "3ffe:501:61::10": [80, 3306, 6379], "11.61.0.40": [80]}
    verdict = judge("net.services6", survey([DUAL, UNKNOWN], ports))
    assert verdict.status is Status.FAIL
    assert verdict.summary.startswith(
        "open over IPv6 but closed over IPv4 (IPv6 firewall lags): 11.61.0.10 [3306, 6379]"
    )
    assert "1 host(s) not compared" in verdict.summary
    assert verdict.details["not_compared"] == ["11.61.0.40"]
    guessed = Candidate(address="11.61.0.40", other="3ffe:501:61::40", method="same-number")
    ports["3ffe:501:61::40"] = [22]
    low = judge("net.services6", survey([UNKNOWN], ports, candidates=[guessed]))
    assert low.status is Status.INFO  # a guess is not compared


def test_services_compare_from_the_ipv6_side() -> None:
    ports = {"3ffe:501:61::30": [80], "11.61.0.30": []}
    verdict = judge("net.services6", survey([DUAL6], ports, version=6))
    assert verdict.status is Status.FAIL


def test_services_port_list_is_a_profile_setting() -> None:
    ports = {"11.61.0.10": [80], "3ffe:501:61::10": [80, 22]}
    assert judge("net.services6", survey([DUAL], ports), ports=[80, 443]).status is Status.PASS


def test_runs_stored_before_candidates_are_judged() -> None:
    """A survey stored with per-host ``counterparts`` reads back as answering candidates."""
    stored = {
        "network": "11.61.0.0/24",
        "version": 4,
        "method": "sweep",
        "examined": 254,
        "aliased": False,
        "hosts": [
            {
                "address": "11.61.0.10",
                "found_by": "sweep",
                "names": ["www-d.net.lab"],
                "counterparts": ["3ffe:501:61::10"],
                "counterpart_by": "ptr",
            },
            {"address": "11.61.0.20", "found_by": "sweep", "names": [], "counterparts": []},
        ],
        "open_ports": {"11.61.0.10": [80], "3ffe:501:61::10": [80], "11.61.0.20": [80]},
        "service_ports": [80],
    }
    found = Survey.model_validate(stored)
    verdict = judge("net.dualstack", found)
    assert verdict.details["dual_stack"] == {"11.61.0.10": ["3ffe:501:61::10"]}
    assert verdict.details["unknown"] == ["11.61.0.20"]
    assert judge("net.services6", found).status is Status.PASS
