"""Base classes for every form of the application.

``CleanTextMixin`` applies the one text rule (``lib.text``) to every text value a form
accepts, naming the field, so no form can forget it; ``tests/lib/test_forms.py`` checks that
every form class of the project uses it.
"""

from __future__ import annotations

from typing import Any

from django import forms

from .text import first_forbidden, message


class CleanTextMixin:
    """Adds a field error for any text containing a forbidden control character."""

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
