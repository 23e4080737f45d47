"""Database constraints that speak to the user.

Every constraint of the project is a ``Check`` or a ``Unique``: Django's own constraints with a
``violation_error_message`` in the user's language and the ``field`` a violation is reported
against, so a form shows the message next to that field and a service's ``full_clean`` raises a
``ValidationError`` naming it. They migrate as Django's own classes (``field`` lives only in
Python), so adding one never changes the schema.

``violation(exc)`` turns an ``IntegrityError`` the database raised (a race past the checks, a
write that skipped them) into the same ``ValidationError``, so no edge shows a constraint's name
or a 500. ``tests/lib/test_constraints.py`` fails when a model's constraint has no own message.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, models


class _ReportedOnField:
    """Reports a violation against ``field`` (a model field the constraint reads)."""

    field: str | None

    def validate(
        self, model: Any, instance: Any, exclude: Any = None, using: str = DEFAULT_DB_ALIAS
    ) -> None:
        try:
            super().validate(model, instance, exclude=exclude, using=using)  # type: ignore[misc]
        except ValidationError as exc:
            if self.field is None or hasattr(exc, "error_dict"):
                raise
            raise ValidationError({self.field: exc}) from None

    def clone(self) -> Any:
        # Django clones every Meta constraint through deconstruct(), which leaves field out.
        copy = super().clone()  # type: ignore[misc]
        copy.field = self.field
        return copy

    def deconstruct(self) -> tuple[str, Any, Any]:
        _path, args, kwargs = super().deconstruct()  # type: ignore[misc]
        return f"django.db.models.{self._django_name}", args, kwargs

    _django_name = ""


class Check(_ReportedOnField, models.CheckConstraint):
    """A ``CheckConstraint`` whose violation is reported against ``field``."""

    _django_name = "CheckConstraint"

    def __init__(self, *args: Any, field: str | None = None, **kwargs: Any) -> None:
        self.field = field
        super().__init__(*args, **kwargs)


class Unique(_ReportedOnField, models.UniqueConstraint):
    """A ``UniqueConstraint`` whose violation is reported against ``field`` (by default the
    last of its ``fields``: the one a user types, after the parent it is unique within)."""

    _django_name = "UniqueConstraint"

    def __init__(self, *args: Any, field: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field = field or (self.fields[-1] if self.fields else None)


def field_of(constraint: models.BaseConstraint) -> str:
    """The field a violation of ``constraint`` is reported against ("" for the whole row)."""
    field = getattr(constraint, "field", None)
    if field:
        return str(field)
    fields = getattr(constraint, "fields", ())
    return str(fields[-1]) if fields else ""


@cache
def _known() -> list[tuple[re.Pattern[str], models.BaseConstraint]]:
    """Every constraint of every installed model, with how a database names its violation."""
    known = []
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            patterns = [re.escape(constraint.name)]
            fields = getattr(constraint, "fields", ())
            if fields:  # SQLite names a unique violation by its columns, not its name
                table = model._meta.db_table
                columns = [getattr(model._meta.get_field(name), "column", name) for name in fields]
                patterns.append(re.escape(", ".join(f"{table}.{c}" for c in columns)) + "$")
            known.append((re.compile(rf"(?<![\w.])(?:{'|'.join(patterns)})(?![\w.])"), constraint))
    return known


def violation(exc: IntegrityError) -> ValidationError | None:
    """The message of the constraint ``exc`` reports, against its field; ``None`` when the
    error names no known constraint (a foreign key, a NOT NULL)."""
    text = str(exc)
    for pattern, constraint in _known():
        if pattern.search(text):
            message = constraint.get_violation_error_message()
            error = ValidationError(message, code=constraint.violation_error_code)
            field = field_of(constraint)
            return ValidationError({field: error}) if field else error
    return None
