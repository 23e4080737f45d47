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


def rupiah_exact(amount: int | float | Decimal | str | None) -> str:
    """Like ``rupiah`` but keeps cents when there are any: ``Rp 1.250.000,50``.

    For values that must show exactly what was stored (version comparison); a text that is
    not a number is returned as it is.
    """
    if amount is None or amount == "":
        return "–"
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except ArithmeticError:
        return str(amount)
    whole = value.to_integral_value(rounding="ROUND_DOWN")
    cents = abs(value - whole)
    text = rupiah(whole)
    if value < 0 and whole == 0:
        text = text.replace("Rp ", "Rp -", 1)
    return f"{text},{int(cents * 100):02d}" if cents else text
