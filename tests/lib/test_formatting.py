"""Rupiah as Indonesian documents write it."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.lib.formatting import rupiah, rupiah_in_words


def test_rupiah_examples() -> None:
    assert rupiah(1_250_000_000) == "Rp 1.250.000.000"
    assert rupiah(Decimal("999.6")) == "Rp 1.000"
    assert rupiah(0) == "Rp 0"
    assert rupiah(None) == "–"
    assert rupiah_in_words(1_250_000_000) == "satu miliar dua ratus lima puluh juta rupiah"


@given(st.integers(min_value=0, max_value=10**15))
def test_rupiah_keeps_every_digit(amount: int) -> None:
    text = rupiah(amount)
    assert text.startswith("Rp ")
    assert int(text[3:].replace(".", "")) == amount
