"""Sheets a higher app adds to the masterplan's Excel file, without planning importing it.

Monitoring sits above planning yet its indicators travel in the same file as the programmes
they measure. A higher app registers, in its ``AppConfig.ready()``, a ``SheetSet``:

- ``sheets()``: its sheet titles and columns **in the active language** (the file is read in
  any supported language, as planning's own sheets are);
- ``lists(masterplan)``: the drop-downs its columns name besides planning's (titles in the
  active language);
- ``export(masterplan)``: the rows of each of its sheets, in the order of ``sheets()``;
- ``check(masterplan, rows, codes, add_error)``: reads its sheets' rows (``rows[title]``) when
  a file is previewed, reports every bad row through ``add_error(sheet, row, column key,
  message)`` and returns a ``SheetWork`` (what it would do, and a line saying so); ``codes``
  are the programme codes the masterplan will have (now, and those the file adds);
- ``apply(masterplan, work, actor, add_error)``: writes the work inside the import's
  transaction, after the programmes, through its own services; any error it reports undoes
  the whole import.

Registering the same key twice replaces the first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kotacerdas.accounts.actors import Actor
from kotacerdas.lib.xlsx import Column, ListSpec

from ..masterplans.models import Masterplan

Rows = list[dict[str, Any]]
AddError = Callable[[str, int, str, str], None]  # sheet, row, column key, message


@dataclass(frozen=True)
class SheetWork:
    """What a registered sheet set would write: ``summary`` for the preview page, ``changes``
    (nothing to do when 0), and ``plan``, which only its own ``apply`` reads."""

    summary: str
    changes: int
    plan: Any


@dataclass(frozen=True)
class SheetSet:
    """A registered group of sheets; see the module's description for each callable."""

    key: str
    sheets: Callable[[], Sequence[tuple[str, Sequence[Column]]]]
    lists: Callable[[Masterplan], list[ListSpec]]
    export: Callable[[Masterplan], list[list[list[Any]]]]
    check: Callable[[Masterplan, dict[str, Rows], set[str], AddError], SheetWork]
    apply: Callable[[Masterplan, SheetWork, Actor, AddError], None]


_sheet_sets: dict[str, SheetSet] = {}


def register_sheets(sheet_set: SheetSet) -> None:
    """Add a group of sheets to every export and import from now on, after planning's own."""
    _sheet_sets[sheet_set.key] = sheet_set


def sheet_sets() -> tuple[SheetSet, ...]:
    """The registered sheet sets, in the order they were registered."""
    return tuple(_sheet_sets.values())


__all__ = ["AddError", "Rows", "SheetSet", "SheetWork", "register_sheets", "sheet_sets"]
