"""Fields a higher app adds to the programme form, without planning importing it.

Evaluation sits above planning, yet the programme's form is where a coordinator says which
SPBE indicators a programme raises. A higher app registers, in its ``AppConfig.ready()``, an
``ExtraField`` (``register_field``):

- ``field(masterplan, programme, user)``: the form field, initial value included, or ``None``
  when the user may not set it (then it is neither shown nor saved); it reads its choices in
  a fixed number of queries. ``programme`` is ``None`` on the create form;
- ``save(programme, value, actor)``: writes the cleaned value through the app's own service,
  which checks its own permission. The view calls it inside the programme save's
  transaction, after the programme is saved: a ``ValidationError`` it raises (keyed by the
  field's ``key``) undoes the programme's save too and is shown on the form.

Registering the same key twice replaces the first.

The same app may add to the programme's API output an ``ExtraOutput``
(``register_output``): ``prefetch()`` returns the ``Prefetch`` that loads what it needs for
a whole page of programmes at once (so a list costs the same queries for 5 or 500), and
``value(programme)`` the JSON-ready value read from what was prefetched. The API shows it
under ``extras[key]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Prefetch

from kotacerdas.accounts.actors import Actor

from ..masterplans.models import Masterplan
from .models import Programme

if TYPE_CHECKING:
    from kotacerdas.accounts.models import User


@dataclass(frozen=True)
class ExtraField:
    """A registered field of the programme form; see the module's description."""

    key: str
    field: Callable[[Masterplan, Programme | None, User], forms.Field | None]
    save: Callable[[Programme, Any, Actor], None]


@dataclass(frozen=True)
class ExtraOutput:
    """A registered part of the programme's API output; see the module's description."""

    key: str
    prefetch: Callable[[], Prefetch[Any]]
    value: Callable[[Programme], Any]


_fields: dict[str, ExtraField] = {}
_outputs: dict[str, ExtraOutput] = {}


def register_field(extra: ExtraField) -> None:
    """Add a field to the programme form from now on, after planning's own."""
    _fields[extra.key] = extra


def extra_fields() -> tuple[ExtraField, ...]:
    """The registered fields, in the order they were registered."""
    return tuple(_fields.values())


def register_output(extra: ExtraOutput) -> None:
    """Add a part to the programme's API output (``extras[key]``) from now on."""
    _outputs[extra.key] = extra


def extra_outputs() -> tuple[ExtraOutput, ...]:
    """The registered output parts, in the order they were registered."""
    return tuple(_outputs.values())


__all__ = [
    "ExtraField",
    "ExtraOutput",
    "extra_fields",
    "extra_outputs",
    "register_field",
    "register_output",
]
