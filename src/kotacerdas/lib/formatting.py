"""Money and number formatting for Indonesian documents and pages."""

from __future__ import annotations

from decimal import Decimal

from lokal import format_rupiah, terbilang


def rupiah(amount: int | float | Decimal | None) -> str:
    """``1250000000`` → ``Rp 1.250.000.000`` (whole Rupiah, dot thousands separator)."""
    if amount is None:
        return "–"
    text = format_rupiah(int(Decimal(amount).to_integral_value()))
    return text.replace("Rp", "Rp ", 1).replace("Rp  ", "Rp ")


def rupiah_in_words(amount: int) -> str:
    """``1250000000`` → ``satu miliar dua ratus lima puluh juta rupiah``."""
    return f"{terbilang(int(amount))} rupiah"
