"""Base classes for every form of the application.

``CleanTextMixin`` applies the one text rule (``lib.text``) to every text value a form
accepts, naming the field, and refuses a choice of an object by an id no database holds
(beyond 64 bits) as an invalid choice rather than a server error, so no form can forget
it; ``tests/lib/test_forms.py`` checks that every form class of the project uses it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .text import first_forbidden, message


def _overflow_safe(field: forms.ModelChoiceField) -> None:
    """The field refuses an id too large for the database (which raises ``OverflowError``
    while looking it up) as it refuses any unknown id."""
    original = field.clean

    def clean(value: Any) -> Any:
        try:
            return original(value)
        except OverflowError as exc:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:40]},
            ) from exc

    field.clean = clean  # type: ignore[method-assign]


class CleanTextMixin:
    """Adds a field error for any text containing a forbidden control character, and for a
    chosen id beyond what the database stores."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.ModelChoiceField):
                _overflow_safe(field)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        cleaned: dict[str, Any] = getattr(self, "cleaned_data", {}) or {}
        for name, value in list(cleaned.items()):
            for text in value if isinstance(value, list | tuple) else [value]:
                if not isinstance(text, str):
                    continue
                index = first_forbidden(text)
                if index is not None:
                    self.add_error(name, message(text, index))  # type: ignore[attr-defined]
                    break


class Form(CleanTextMixin, forms.Form):
    """A form that refuses control characters in every text field."""


class ModelForm(CleanTextMixin, forms.ModelForm):
    """A model form that refuses control characters in every text field."""
