"""Text is text: the one rule for characters accepted at every edge.

NUL and the other control characters (Unicode category Cc) are refused everywhere except
tab, line feed and carriage return (a textarea sends CR LF); so are lone surrogates, which
no database stores. Forms (``lib.forms``), the JSON API
(``config.middleware.ApiTextMiddleware``) and imports (``lib.spreadsheet``) all ask this
module, and each names the field, key or cell it found one in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

ALLOWED = frozenset("\t\n\r")


def first_forbidden(value: str) -> int | None:
    """The index of the first forbidden character in ``value``, or ``None``."""
    for index, char in enumerate(value):
        if char in ALLOWED:
            continue
        if unicodedata.category(char) in {"Cc", "Cs"}:
            return index
    return None


def describe(value: str, index: int) -> str:
    """``U+000B at position 5``: what was found, for the message."""
    return _("%(code)s at position %(position)d") % {
        "code": f"U+{ord(value[index]):04X}",
        "position": index + 1,
    }


def message(value: str, index: int) -> str:
    return _(
        "This text contains a control character (%(where)s). "
        "Remove it (it often comes from copying out of another program) and try again."
    ) % {"where": describe(value, index)}


@deconstructible
class ControlCharacterValidator:
    """A Django validator: refuse a text with a forbidden character."""

    code = "control_character"

    def __call__(self, value: Any) -> None:
        if isinstance(value, str):
            index = first_forbidden(value)
            if index is not None:
                raise ValidationError(message(value, index), code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator)

    def __hash__(self) -> int:
        return hash(self.code)


refuse_control_characters = ControlCharacterValidator()


def forbidden_in(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, str]]:
    """Every ``(path, message)`` of a forbidden character in nested JSON-like data
    (keys included)."""
    if isinstance(data, str):
        index = first_forbidden(data)
        if index is not None:
            yield path, message(data, index)
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from forbidden_in(key, (*path, str(key)))
            yield from forbidden_in(value, (*path, str(key)))
    elif isinstance(data, list | tuple):
        for position, value in enumerate(data):
            yield from forbidden_in(value, (*path, position))
