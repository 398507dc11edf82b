from __future__ import annotations

import pytest

from bench.zone import SHARED_ADDRESSES, SPREAD_ADDRESSES, bench_part, records


def _addresses(records: tuple[str, ...], rdtype: str) -> set[str]:
    return {line.split()[2] for line in records if line.split()[1] == rdtype}


def test_the_spread_mix_gives_every_name_its_own_addresses() -> None:
    part = bench_part(50)
    records = part.zones[0].records
    assert len(_addresses(records, "A")) == 50
    assert len(part.nameservers) == 1


def test_past_the_block_the_spread_mix_uses_addresses_again_in_turn() -> None:
    lines = records(SPREAD_ADDRESSES + 3)
    first = [line.split()[2] for line in lines if line.startswith("d0 A ")]
    again = [line.split()[2] for line in lines if line.startswith(f"d{SPREAD_ADDRESSES} A ")]
    assert first == again
    assert len(_addresses(tuple(lines), "A")) == SPREAD_ADDRESSES


def test_the_shared_mix_puts_every_name_on_a_few_addresses_behind_a_name_server_pair() -> None:
    part = bench_part(50, "shared")
    records = part.zones[0].records
    assert len(_addresses(records, "A")) == SHARED_ADDRESSES
    assert len(_addresses(records, "AAAA")) <= 3 * SHARED_ADDRESSES  # healthy, silent, bogus
    assert len({line.split()[0] for line in records}) == 50
    assert len(part.nameservers) == 2


def test_an_unknown_mix_is_refused() -> None:
    with pytest.raises(ValueError, match="mix"):
        bench_part(10, "crowded")
