"""Numbers typed by people, in their language: ``1.250,5`` in Indonesian, ``1,250.5`` in
English.

Django's localized fields drop the thousands separator only when
``USE_THOUSAND_SEPARATOR`` is on; a value typed with it must parse whatever that setting
says, so ``parse_decimal`` reads the active language's separators itself.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _


def parse_decimal(text: str) -> Decimal | None:
    """The number ``text`` means in the active language, or ``None`` if it is not one.

    The active language's thousands separator is dropped and its decimal separator read as
    the decimal point; a plain ``1250.5`` is accepted too when the decimal separator is a
    comma and the dot cannot be a thousands separator (not followed by exactly 3 digits).
    """
    value = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not value:
        return None
    decimal_sep = str(get_format("DECIMAL_SEPARATOR"))
    thousand_sep = str(get_format("THOUSAND_SEPARATOR"))
    if decimal_sep not in value and value.count(thousand_sep) == 1 and thousand_sep == ".":
        head, tail = value.split(".")
        if len(tail) != 3:  # "1250.5": a decimal point, not a thousands separator
            decimal_sep, thousand_sep = ".", ","
    value = value.replace(thousand_sep, "").replace(decimal_sep, ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class LocalDecimalField(forms.DecimalField):
    """A decimal field that reads the number as typed in the user's language."""

    default_error_messages = {"invalid": _("Enter a number, e.g. 1.250,5.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        number = parse_decimal(str(value))
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def whole_number(text: str | None, digits: int = 9) -> int | None:
    """The whole number in an address parameter or a form key (an id, a year, a version), or
    ``None`` unless ``text`` is 1 to ``digits`` ASCII digits.

    ``str.isdigit`` alone is not enough: ``"²"`` is a digit to it yet ``int()`` refuses it,
    and a number of thousands of digits fails ``int()`` or the database's integer range.
    """
    if text and len(text) <= digits and text.isascii() and text.isdigit():
        return int(text)
    return None
