"""What a higher app adds to a masterplan's review, without planning importing it.

Planning sits below monitoring (and the apps above it) yet a masterplan's versions and its
check before submitting must cover what those apps hang on it, such as indicators. A higher
app registers, in its ``AppConfig.ready()``:

- a **section** of the snapshot (``register_section``): a code, a label, and ``build``, which
  reads the masterplan into ``{stable id: {field: JSON-safe value}}`` in a fixed number of
  queries. It is frozen with each approved version and compared like planning's own
  sections; a version frozen before the section existed compares as if it had none.
  Optionally, ``hidden`` fields are kept in the snapshot but neither compared nor shown, and
  ``texts(rows)`` maps stored values (items of a list included) to their text in the
  reader's language, read from the section's rows (a name stored in both languages, say);
  a value it does not map is shown as stored;
- a **gap check** (``register_gap_check``): a key, a title, ``find``, which lists the items
  concerned as ``(label, url that fixes it)`` in a fixed number of queries, and ``fix_url``;
- a **status listener** (``register_status_listener``): called with the masterplan inside the
  review service's transaction, after it was published or reopened as a draft (monitoring
  computes or drops its dashboards' summaries). It runs after the service's own permission
  check, as the system would; an exception it raises undoes the change.

Registering the same code twice replaces the first (a reload in development keeps one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.functional import Promise

from ..masterplans.models import Masterplan

Rows = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Section:
    """A registered snapshot section. ``row_names``: the fields that name a row on the
    comparison page; ``model``: where the comparison finds field labels and choices;
    ``field_labels``: labels for fields the model lacks (lists, names of related rows)."""

    code: str
    label: str | Promise
    build: Callable[[Masterplan], Rows]
    row_names: tuple[str, ...] = ()
    model: type[Model] | None = None
    field_labels: dict[str, str | Promise] | None = None
    hidden: tuple[str, ...] = ()
    texts: Callable[[Rows], dict[str, str]] | None = None


@dataclass(frozen=True)
class GapCheck:
    """A registered check before submitting: ``find`` lists the items concerned; none, no
    gap."""

    key: str
    title: str | Promise
    find: Callable[[Masterplan], list[tuple[str, str]]]
    fix_url: Callable[[Masterplan], str]


_sections: dict[str, Section] = {}
_gap_checks: dict[str, GapCheck] = {}
_status_listeners: dict[str, Callable[[Masterplan], object]] = {}


def register_section(
    code: str,
    label: str | Promise,
    build: Callable[[Masterplan], Rows],
    *,
    row_names: tuple[str, ...] = (),
    model: type[Model] | None = None,
    field_labels: dict[str, str | Promise] | None = None,
    hidden: tuple[str, ...] = (),
    texts: Callable[[Rows], dict[str, str]] | None = None,
) -> None:
    """Add a section to every snapshot taken from now on, after planning's own."""
    _sections[code] = Section(code, label, build, row_names, model, field_labels, hidden, texts)


def register_gap_check(
    key: str,
    title: str | Promise,
    find: Callable[[Masterplan], list[tuple[str, str]]],
    fix_url: Callable[[Masterplan], str],
) -> None:
    """Add a check to the list shown before a masterplan is submitted."""
    _gap_checks[key] = GapCheck(key, title, find, fix_url)


def register_status_listener(key: str, listener: Callable[[Masterplan], object]) -> None:
    """Call ``listener(masterplan)`` whenever a masterplan is published or reopened."""
    _status_listeners[key] = listener


def status_changed(masterplan: Masterplan) -> None:
    """Tell the registered listeners (the review services call it)."""
    for listener in _status_listeners.values():
        listener(masterplan)


def sections() -> tuple[Section, ...]:
    """The registered sections, in the order they were registered."""
    return tuple(_sections.values())


def gap_checks() -> tuple[GapCheck, ...]:
    """The registered gap checks, in the order they were registered."""
    return tuple(_gap_checks.values())


__all__ = [
    "GapCheck",
    "Rows",
    "Section",
    "gap_checks",
    "register_gap_check",
    "register_section",
    "register_status_listener",
    "sections",
    "status_changed",
]
