"""Spreadsheets in and out: the one reader of uploaded XLSX and CSV files, and the writers of
every export.

Reading (through ``lib.spreadsheet``, which refuses oversized, zip-bomb and hostile files
before reading anything, with limits from settings):

- ``read_workbook`` reads the sheets of a template back into plain dicts, column by header,
  and never raises on bad content: every bad cell becomes a ``CellError`` (sheet, row as
  Excel shows it, column header, reason), and the caller imports nothing when the list is
  not empty.
- ``read_table`` reads the first sheet of an XLSX file or a CSV file as rows of raw values,
  for callers whose columns are not fixed; it raises ``SpreadsheetError``, the one error
  type, whose ``errors`` are ``CellError``s too.

Writing: ``write_workbook`` makes a template (one sheet per ``SheetSpec`` with a bold, frozen
header row, drop-down lists for choice columns that point at hidden list sheets, and the id
column shaded so it is left alone); ``write_table`` a plain one-sheet export; ``csv_lines``
streams a CSV export. Every text is written as text: an XLSX string cell is never a formula,
and a CSV text that a spreadsheet program would take for a formula (``=``, ``+``, ``-``,
``@``, tab, carriage return) is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .spreadsheet import (
    CellError,
    Limits,
    SpreadsheetError,
    Table,
    open_workbook,
    read_table,
    read_upload,
    sheet_rows,
)

__all__ = [
    "ID_KEY",
    "ROW",
    "CellError",
    "Column",
    "Limits",
    "ListSpec",
    "SheetSpec",
    "SpreadsheetError",
    "Table",
    "csv_lines",
    "labelled_list",
    "read_table",
    "read_upload",
    "read_workbook",
    "write_table",
    "write_workbook",
]

Kind = Literal["text", "int", "amount", "year", "choice"]

ROW = "_row"  # key added to every row read: its row number as Excel shows it
ID_KEY = "id"
VALIDATED_ROWS = 2_000  # drop-downs reach this many rows below the header
_ID_FILL = PatternFill("solid", fgColor="EEEEEE")
_AMOUNT_FORMAT = "#,##0"
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
# A spreadsheet program reads a CSV field starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: ``key`` in the rows, ``header`` as the user sees it."""

    key: str
    header: str
    kind: Kind = "text"
    required: bool = False
    choices_ref: str | None = None  # title of the list sheet holding the drop-down values
    width: int = 16


@dataclass(frozen=True)
class SheetSpec:
    """A sheet to write: its title, columns and rows (values in column order)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]] = ()


@dataclass(frozen=True)
class ListSpec:
    """A hidden sheet holding the values of a drop-down, one per row in column A.

    ``values`` are what the drop-down shows (labels in the reader's language); ``codes`` maps
    any other spelling a cell may hold (the codes, the labels in every language) to the value
    read back. A value not in ``codes`` reads back as itself. ``labelled_list`` builds one.
    """

    title: str
    values: Sequence[str]
    codes: Mapping[str, str] = field(default_factory=dict)

    def reads(self) -> dict[str, str]:
        """Every spelling a cell may hold, case-folded → the value read back."""
        read = {value.casefold(): value for value in self.values}
        read.update({spelling.casefold(): code for spelling, code in self.codes.items()})
        return read


def labelled_list(title: str, labels: Sequence[tuple[str, Callable[[], str]]]) -> ListSpec:
    """A drop-down of labels in the active language that reads back codes.

    ``labels`` pairs each code with a function giving its label in the active language (a
    lazy translation's ``str``, a bilingual name). A cell may hold the label in any language
    of ``settings.LANGUAGES`` or the code itself: each reads back as the code, so a file
    exported in one language imports in the other.
    """
    shown = [label() for _code, label in labels]
    codes: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            codes.update({label(): code for code, label in labels})
    codes.update({code: code for code, _label in labels})
    return ListSpec(title, shown, codes)


# --- writing ---------------------------------------------------------------------------------


def _check_title(title: str) -> None:
    if not title or len(title) > 31 or any(char in title for char in "[]:*?/\\"):
        raise ValueError(f"{title!r} cannot be an Excel sheet title")


def _write_list(workbook: Workbook, spec: ListSpec) -> None:
    _check_title(spec.title)
    sheet = workbook.create_sheet(spec.title)
    for value in spec.values:
        sheet.append([value])
    sheet.column_dimensions["A"].width = max((len(v) for v in spec.values), default=10) + 2
    sheet.sheet_state = "hidden"


def _drop_down(sheet: Worksheet, column: Column, letter: str, lists: Mapping[str, int]) -> None:
    if column.choices_ref is None:
        return
    if column.choices_ref not in lists:
        raise ValueError(f"column {column.key!r} refers to an unknown list {column.choices_ref!r}")
    size = lists[column.choices_ref]
    if size == 0:
        return
    validation = DataValidation(
        type="list",
        formula1=f"{quote_sheetname(column.choices_ref)}!$A$1:$A${size}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not in the list"),
        error=_("Choose a value from the list."),
    )
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
    sheet.add_data_validation(validation)


def _text_cell(sheet: Any, value: str) -> Cell:
    """A string cell, whatever the text starts with: never a formula, never an error code.

    Characters XML cannot hold (control characters) become U+FFFD instead of failing the
    whole export.
    """
    # appending places the cell; row and column are set so a write-only sheet can name it
    cell = Cell(sheet, row=1, column=1, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    cell.data_type = "s"
    return cell


def _cells(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row to append: texts as string cells, other values as they are."""
    return [_text_cell(sheet, value) if isinstance(value, str) else value for value in values]


def _write_sheet(sheet: Worksheet, spec: SheetSpec, lists: Mapping[str, int]) -> None:
    bold = Font(bold=True)
    sheet.append(_cells(sheet, [column.header for column in spec.columns]))
    for position, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(position)
        sheet[f"{letter}1"].font = bold
        sheet.column_dimensions[letter].width = column.width
        _drop_down(sheet, column, letter, lists)
    for row in spec.rows:
        sheet.append(_cells(sheet, row))
    for position, column in enumerate(spec.columns, start=1):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
            if column.kind == "amount":
                cell.number_format = _AMOUNT_FORMAT
            elif column.key == ID_KEY:
                cell.fill = _ID_FILL
    sheet.freeze_panes = "A2"


def _stamped(workbook: Workbook, stamp: datetime) -> bytes:
    """The workbook written with ``stamp`` as its creation and modification time, in its
    properties and on every entry of the archive: the same content gives the same bytes."""
    moment = stamp.replace(tzinfo=None, microsecond=0)
    workbook.properties.created = workbook.properties.modified = moment
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    result = io.BytesIO()
    with (
        zipfile.ZipFile(written) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(item.filename))
    return result.getvalue()


def write_workbook(
    sheets: Sequence[SheetSpec],
    lists: Sequence[ListSpec] = (),
    *,
    stamp: datetime | None = None,
) -> bytes:
    """An XLSX file with the given sheets, then the list sheets (hidden). With ``stamp``,
    the file carries that time instead of the current one (a report generated again from
    the same data is then byte-identical)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sizes = {spec.title: len(spec.values) for spec in lists}
    for spec in sheets:
        _check_title(spec.title)
        _write_sheet(workbook.create_sheet(spec.title), spec, sizes)
    for list_spec in lists:
        _write_list(workbook, list_spec)
    if stamp is not None:
        return _stamped(workbook, stamp)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_table(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A one-sheet XLSX export (written as it goes, for long tables)."""
    _check_title(title)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(_cells(sheet, header))
    for row in rows:
        sheet.append(_cells(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Echo:
    """A file-like object whose write returns the line, for streaming ``csv.writer``."""

    def write(self, value: str) -> str:
        return value


def csv_text(value: Any) -> Any:
    """A CSV field that a spreadsheet program shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A CSV export line by line, for a streaming response: a UTF-8 byte order mark (so
    spreadsheet programs read UTF-8), the header, then the rows."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([csv_text(value) for value in header])
    for row in rows:
        yield writer.writerow([csv_text(value) for value in row])


# --- reading ---------------------------------------------------------------------------------


class _BadCell(Exception):
    """A cell that cannot be read as its column's kind; the message is for the user."""


def _is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


def _number(value: Any) -> Decimal:
    """A cell value as an exact number, or ``_BadCell``."""
    if isinstance(value, bool | datetime | date):
        raise _BadCell(_("Type a number."))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _BadCell(_("Type a number."))
        return Decimal(repr(value))
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if text[:2].lower() == "rp":
        text = text[2:]
    if _THOUSANDS.match(text):  # Indonesian thousands: 1.250.000
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _BadCell(_("Type a number.")) from None
    if not number.is_finite():
        raise _BadCell(_("Type a number."))
    return number


def _whole(value: Any) -> int:
    number = _number(value)
    if number != number.to_integral_value():
        raise _BadCell(_("Type a whole number."))
    return int(number)


def _year(value: Any) -> int:
    try:
        year = _whole(value)
    except _BadCell:
        year = 0
    if not 1000 <= year <= 9999:
        raise _BadCell(_("Type a year of four digits, e.g. 2026."))
    return year


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


Choices = Mapping[str, Mapping[str, str]]  # list title → case-folded spelling → value read


def _as_choice(value: Any, column: Column, choices: Choices) -> str:
    text = _as_text(value)
    found = choices.get(column.choices_ref or "", {}).get(text.casefold())
    if found is None:
        raise _BadCell(_("“%(value)s” is not in the list.") % {"value": text})
    return found


def _convert(value: Any, column: Column, choices: Choices) -> Any:
    """The value of a non-empty cell in its column's kind, or ``_BadCell``."""
    if column.kind == "int":
        return _whole(value)
    if column.kind == "amount":
        amount = _number(value)
        if amount < 0:
            raise _BadCell(_("An amount cannot be negative."))
        return amount
    if column.kind == "year":
        return _year(value)
    if column.kind == "choice":
        return _as_choice(value, column, choices)
    return _as_text(value)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_positions(
    title: str, header_row: Sequence[Any], columns: Sequence[Column]
) -> tuple[dict[str, int], list[CellError]]:
    found = {
        _as_text(cell.value).casefold(): position
        for position, cell in enumerate(header_row)
        if cell is not None and not _is_empty(cell.value)
    }
    positions: dict[str, int] = {}
    errors: list[CellError] = []
    for column in columns:
        position = found.get(column.header.strip().casefold())
        if position is None:
            message = _("The column “%(header)s” is missing or has been renamed.")
            errors.append(CellError(title, 1, column.header, message % {"header": column.header}))
        else:
            positions[column.key] = position
    return positions, errors


def _read_cell(
    title: str, number: int, cell: Any, column: Column, choices: Choices
) -> tuple[Any, CellError | None]:
    if cell is None or _is_empty(cell.value):
        if column.required:
            return None, CellError(title, number, column.header, _("This cell is required."))
        return None, None
    if _is_formula(cell):
        message = _("A formula is not allowed here; type the value itself.")
        return None, CellError(title, number, column.header, message)
    if getattr(cell, "data_type", None) == "e":
        message = _("The cell holds an Excel error (%(value)s).") % {"value": cell.value}
        return None, CellError(title, number, column.header, message)
    try:
        return _convert(cell.value, column, choices), None
    except _BadCell as bad:
        return None, CellError(title, number, column.header, str(bad))


SheetRows = list[tuple[int, tuple[Any, ...]]]


def _read_rows(
    rows: SheetRows, title: str, columns: Sequence[Column], choices: Choices
) -> tuple[list[dict[str, Any]], list[CellError]]:
    header = rows[0][1] if rows and rows[0][0] == 1 else ()
    positions, errors = _header_positions(title, header, columns)
    if errors:
        return [], errors
    result: list[dict[str, Any]] = []
    for number, cells in rows:
        if number == 1:
            continue
        picked = {
            c.key: cells[positions[c.key]] if positions[c.key] < len(cells) else None
            for c in columns
        }
        if all(cell is None or _is_empty(cell.value) for cell in picked.values()):
            continue
        row: dict[str, Any] = {ROW: number}
        for column in columns:
            row[column.key], error = _read_cell(title, number, picked[column.key], column, choices)
            if error is not None:
                errors.append(error)
        result.append(row)
    return result, errors


def _choices_from_file(workbook: Any, refs: set[str], limits: Limits) -> dict[str, list[str]]:
    """Values of list sheets, for choice columns whose lists the caller did not pass."""
    found: dict[str, list[str]] = {}
    for ref in sorted(refs):
        if ref in workbook.sheetnames:
            values = (cells[0] for _number, cells in sheet_rows(workbook[ref], limits) if cells)
            found[ref] = [
                _as_text(cell.value) for cell in values if cell and not _is_empty(cell.value)
            ]
    return found


def _missing_sheet(title: str, found: Sequence[str]) -> CellError:
    message = _("The sheet “%(title)s” is missing; the file has: %(found)s.") % {
        "title": title,
        "found": ", ".join(found),
    }
    return CellError(title, 0, "", message)


def read_workbook(
    data: bytes,
    sheets: Sequence[tuple[str, Sequence[Column]]],
    lists: Sequence[ListSpec] = (),
) -> tuple[dict[str, list[dict[str, Any]]], list[CellError]]:
    """Read the given sheets of an XLSX file into rows (``{column key: value, ROW: number}``).

    Values come back as ``str`` (text, choice), ``int`` (int, year) or ``Decimal`` (amount);
    empty cells as ``None``; fully empty rows are skipped. Choice values are checked against
    ``lists`` (the same ``ListSpec``s given to ``write_workbook``), or against the file's own
    list sheet for a list not passed. Never raises on bad content: a file that is not an XLSX,
    or is refused by the limits of ``lib.spreadsheet`` (then nothing is read), a missing sheet
    or header, a formula, a wrong number, a negative amount, a bad year, a value not in its
    list or an empty required cell each give a ``CellError``.
    """
    limits = Limits.from_settings()
    try:
        workbook = open_workbook(data, data_only=False, limits=limits)
    except SpreadsheetError as refused:
        return {}, refused.errors
    try:
        choices: dict[str, Mapping[str, str]] = {spec.title: spec.reads() for spec in lists}
        wanted = {c.choices_ref for _t, cols in sheets for c in cols if c.choices_ref}
        from_file = _choices_from_file(workbook, wanted - choices.keys(), limits)
        choices.update(
            {title: ListSpec(title, values).reads() for title, values in from_file.items()}
        )
        stored = {
            title: sheet_rows(workbook[title], limits)
            for title, _columns in sheets
            if title in workbook.sheetnames
        }
    except SpreadsheetError as refused:
        return {}, refused.errors
    finally:
        workbook.close()
    result: dict[str, list[dict[str, Any]]] = {}
    errors: list[CellError] = []
    for title, columns in sheets:
        if title not in stored:
            errors.append(_missing_sheet(title, workbook.sheetnames))
            continue
        result[title], sheet_errors = _read_rows(stored[title], title, columns, choices)
        errors.extend(sheet_errors)
    return result, errors
