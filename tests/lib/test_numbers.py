"""Whole numbers read from an address or a form key."""

from __future__ import annotations

import pytest

from kotacerdas.lib.numbers import whole_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7", 7), ("2026", 2026), ("007", 7), ("999999999", 999999999)],
)
def test_plain_digits_are_read(text: str, expected: int) -> None:
    assert whole_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [None, "", "abc", "-1", "1e3", " 7", "²", "١٢", "\x00", "9999999999", "9" * 5000],
)
def test_anything_else_is_no_number(text: str | None) -> None:
    """``"²"`` passes ``str.isdigit`` and ``"9" * 5000`` is digits only, yet ``int()``
    refuses both: an address holding them must not fail the page."""
    assert whole_number(text) is None
