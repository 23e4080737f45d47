"""Opening uploaded spreadsheets (XLSX and CSV) without trusting them.

``lib.xlsx`` reads through this module only. A file is refused, with a message in the
user's language naming the sheet and the limit, and nothing read from it, when:

- it is larger than ``SPREADSHEET_MAX_BYTES``;
- (XLSX) its zip directory lists more than ``SPREADSHEET_MAX_MEMBERS`` parts, parts that
  unpack to more than ``SPREADSHEET_MAX_UNZIPPED_BYTES`` in all, or a part of some size
  packed more than ``SPREADSHEET_MAX_COMPRESSION_RATIO`` times (a zip bomb). The sizes
  come from the zip directory; Python's zip reader never unpacks past a part's stated size,
  so the stated total bounds the work;
- (XLSX) its XML parts hold more tags than the cell limit needs (counted on the bytes, before
  any XML parser sees them: parsing costs time per element);
- (XLSX) a sheet states dimensions beyond ``SPREADSHEET_MAX_ROWS`` or
  ``SPREADSHEET_MAX_COLUMNS``. A stated dimension is not trusted either: the sheet's XML is
  streamed cell by cell and reading stops at the first cell beyond a limit, or after
  ``SPREADSHEET_MAX_CELLS`` cells, so a sheet with one cell at row 2,000,000,000 costs one
  cell, not two billion empty rows;
- (CSV) it holds NUL bytes, is not UTF-8, or has more rows, columns or cells than allowed.

The XML itself is parsed by openpyxl, which uses defusedxml (entity expansion, external
entities and DTDs refused) whenever that package is installed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.functions import iterparse

from .files import Kind, check_upload
from .text import first_forbidden, message

MiB = 1024 * 1024
RATIO_FLOOR = 64 * 1024  # parts smaller than this may be packed as tightly as they like
TAGS_PER_CELL = 8  # XML tags a file may hold per allowed cell (its row, value, strings ...)
TAGS_OF_PARTS = 10_000  # and for the parts every workbook has (theme, styles, relations)
CHUNK = 64 * 1024


@dataclass(frozen=True)
class CellError:
    """A refused file or a bad cell: sheet title ("" for CSV or the whole file), row as the
    file numbers it (0: the whole sheet or file), column ("" when not about one column) and
    the reason, in the user's language."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where: dict[str, Any] = {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "reason": self.message,
        }
        if not self.row:
            return self.message
        if self.sheet and self.column:
            return _("Sheet %(sheet)s, row %(row)d, column %(column)s: %(reason)s") % where
        if self.sheet:
            return _("Sheet %(sheet)s, row %(row)d: %(reason)s") % where
        if self.column:
            return _("Row %(row)d, column %(column)s: %(reason)s") % where
        return _("Row %(row)d: %(reason)s") % where


class SpreadsheetError(Exception):
    """The one error of reading a spreadsheet: the file, or some of its cells, were refused.

    ``errors`` lists every problem found; nothing of the file may be used.
    """

    def __init__(self, errors: Sequence[CellError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


def _refuse(message: str, sheet: str = "", row: int = 0, column: str = "") -> SpreadsheetError:
    return SpreadsheetError([CellError(sheet, row, column, message)])


@dataclass(frozen=True)
class Limits:
    """How much of an uploaded spreadsheet is read at most (settings ``SPREADSHEET_*``)."""

    max_bytes: int = 5 * MiB
    max_unzipped_bytes: int = 50 * MiB
    max_members: int = 100
    max_compression_ratio: int = 100
    max_rows: int = 5_000
    max_columns: int = 60
    max_cells: int = 50_000

    @classmethod
    def from_settings(cls) -> Limits:
        defaults = cls()
        return cls(
            **{
                name: int(getattr(settings, f"SPREADSHEET_{name.upper()}", default))
                for name, default in vars(defaults).items()
            }
        )


def _count(number: int) -> str:
    return number_format(number, force_grouping=True)


@dataclass(frozen=True)
class Cell:
    """One cell as stored: its value and openpyxl's type code ("s", "n", "f", "e", ...)."""

    value: Any
    data_type: str = "n"


Row = tuple[int, tuple[Any, ...]]  # (row number as the file shows it, cells from column A)


@dataclass(frozen=True)
class Table:
    """The rows of one sheet (or CSV file) that hold cells, each with its number."""

    sheet: str
    rows: list[Row] = field(default_factory=list)


# --- XLSX ------------------------------------------------------------------------------------


def _check_archive(data: bytes, limits: Limits) -> None:
    """Refuse a zip whose directory promises more unpacking than the limits allow, or whose
    XML parts hold more markup than the cells allowed need."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_members(members, limits)
            _check_markup(archive, members, limits)
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(_("The file is not an Excel workbook (.xlsx).")) from exc


def _check_members(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.max_members:
        raise _refuse(
            _("The file holds %(count)s parts; at most %(limit)s are read.")
            % {"count": _count(len(members)), "limit": _count(limits.max_members)}
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_unzipped_bytes:
        raise _refuse(
            _("The file unpacks to %(size)s; at most %(limit)s are read.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limits.max_unzipped_bytes)}
        )
    for member in members:
        packed = max(member.compress_size, 1)
        ratio = member.file_size // packed
        if member.file_size > RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise _refuse(
                _(
                    "The part %(part)s of the file unpacks to %(ratio)s times its packed "
                    "size; at most %(limit)s times is read."
                )
                % {
                    "part": member.filename,
                    "ratio": _count(ratio),
                    "limit": _count(limits.max_compression_ratio),
                }
            )


def _check_markup(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Count the tags of every part (a byte count, at C speed) before any is parsed.

    Parsing costs time per XML element, and openpyxl parses some parts whole when it opens
    a workbook; a file of tiny elements that packs badly could stay under the size limits
    and still cost seconds. The budget follows the cell limit.
    """
    budget = limits.max_cells * TAGS_PER_CELL + TAGS_OF_PARTS
    tags = 0
    for member in members:  # every part: openpyxl finds parts by their relations, not names
        with archive.open(member) as part:
            while chunk := part.read(CHUNK):
                tags += chunk.count(b"<")
                if tags > budget:
                    raise _refuse(
                        _("The file holds more than %(limit)s XML tags; it is not read.")
                        % {"limit": _count(budget)}
                    )


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise _refuse(
            _("The file is %(size)s; at most %(limit)s are read.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limits.max_bytes)}
        )


def open_workbook(data: bytes, *, data_only: bool, limits: Limits | None = None) -> Any:
    """An openpyxl workbook in read-only mode, once the file passed the size and zip checks.

    Raises ``SpreadsheetError``. The caller closes the workbook.
    """
    limits = limits or Limits.from_settings()
    check_size(len(data), limits)
    _check_archive(data, limits)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # hostile content can break the parser anywhere
        raise _refuse(_("The file is not an Excel workbook (.xlsx).")) from exc


def _check_dimensions(sheet: Any, limits: Limits) -> None:
    """Refuse a sheet whose stated dimensions are beyond the limits (before any cell)."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > limits.max_rows:
        raise _refuse(
            _("The sheet “%(sheet)s” states %(count)s rows; at most %(limit)s rows are read.")
            % {"sheet": sheet.title, "count": _count(rows), "limit": _count(limits.max_rows)},
            sheet.title,
        )
    if columns > limits.max_columns:
        raise _refuse(
            _("The sheet “%(sheet)s” states %(count)s columns; at most %(limit)s columns are read.")
            % {"sheet": sheet.title, "count": _count(columns), "limit": _count(limits.max_columns)},
            sheet.title,
        )


class _Budget:
    """Counts what a sheet's XML holds while it streams; refuses at the first excess."""

    def __init__(self, title: str, limits: Limits) -> None:
        self.title = title
        self.limits = limits
        self.cells = 0

    def cell(self, row: int, column: int) -> None:
        self.cells += 1
        if self.cells > self.limits.max_cells:
            raise self._too_many_cells()
        if row > self.limits.max_rows:
            raise _refuse(
                _(
                    "The sheet “%(sheet)s” has a cell in row %(row)s; at most %(limit)s rows "
                    "are read."
                )
                % {"sheet": self.title, "row": _count(row), "limit": _count(self.limits.max_rows)},
                self.title,
            )
        if column > self.limits.max_columns:
            raise _refuse(
                _(
                    "The sheet “%(sheet)s” has a cell in column %(column)s; at most %(limit)s "
                    "columns are read."
                )
                % {
                    "sheet": self.title,
                    "column": get_column_letter(min(column, 18278)),
                    "limit": _count(self.limits.max_columns),
                },
                self.title,
            )

    def _too_many_cells(self) -> SpreadsheetError:
        return _refuse(
            _("The sheet “%(sheet)s” holds more than %(limit)s cells; it is not read.")
            % {"sheet": self.title, "limit": _count(self.limits.max_cells)},
            self.title,
        )


def _stream_cells(sheet: Any, budget: _Budget) -> Iterator[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell in the sheet's XML, in file order.

    openpyxl's own row iterator fills the gaps up to the stated (or last) row with empty
    rows; this reads the XML events itself so that the work follows what the file holds.
    It uses openpyxl's cell parser for values, shared strings, dates and formulas.
    """
    workbook = sheet.parent
    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == ROW_TAG:
                    number = element.get("r")
                    parser.row_counter = int(number) if number else parser.row_counter + 1
                    parser.col_counter = 0
            elif element.tag == CELL_TAG:
                found = parser.parse_cell(element)
                element.clear()
                budget.cell(found["row"], found["column"])
                yield found["row"], found["column"], Cell(found["value"], found["data_type"])
            elif element.tag == ROW_TAG:
                element.clear()


def sheet_rows(
    sheet: Any, limits: Limits | None = None
) -> list[tuple[int, tuple[Cell | None, ...]]]:
    """The rows of a read-only sheet that hold cells: (row number, cells from column A).

    Raises ``SpreadsheetError`` naming the sheet and the limit it passed.
    """
    limits = limits or Limits.from_settings()
    _check_dimensions(sheet, limits)
    budget = _Budget(sheet.title, limits)
    rows: dict[int, dict[int, Cell]] = {}
    try:
        for row, column, cell in _stream_cells(sheet, budget):
            rows.setdefault(row, {})[column] = cell
    except SpreadsheetError:
        raise
    except Exception as exc:  # hostile content can break the parser anywhere
        raise _refuse(
            _("The sheet “%(sheet)s” cannot be read.") % {"sheet": sheet.title}, sheet.title
        ) from exc
    return [
        (number, tuple(cells.get(column) for column in range(1, max(cells) + 1)))
        for number, cells in sorted(rows.items())
    ]


# --- CSV -------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise _refuse(_("The file holds NUL characters; it is not a CSV text file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            _(
                "The file is not UTF-8 text. Save it as “CSV UTF-8 (comma delimited)” "
                "and upload it again."
            )
        ) from exc


def _check_record(number: int, columns: int, cells: int, limits: Limits) -> None:
    if number > limits.max_rows:
        raise _refuse(
            _("The file has more than %(limit)s rows; at most %(limit)s rows are read.")
            % {"limit": _count(limits.max_rows)}
        )
    if columns > limits.max_columns:
        raise _refuse(
            _("Row %(row)s has %(count)s columns; at most %(limit)s columns are read.")
            % {"row": _count(number), "count": _count(columns), "limit": _count(limits.max_columns)}
        )
    if cells > limits.max_cells:
        raise _refuse(
            _("The file holds more than %(limit)s cells; it is not read.")
            % {"limit": _count(limits.max_cells)}
        )


def csv_table(data: bytes, limits: Limits | None = None) -> Table:
    """The records of a UTF-8 CSV file, split at ``;`` or ``,`` (whichever the first line
    uses more). Raises ``SpreadsheetError``."""
    limits = limits or Limits.from_settings()
    check_size(len(data), limits)
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows: list[Row] = []
    cells = 0
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            cells += len(record)
            _check_record(number, len(record), cells, limits)
            rows.append((number, tuple(record)))
    except csv.Error as exc:
        raise _refuse(_("The file is not a readable CSV file.")) from exc
    return Table("", rows)


# --- either ----------------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> Table:
    """The first sheet of an XLSX file (cached values of formulas) or a CSV file, by the
    file name's extension. Raises ``SpreadsheetError``: a refused file is not read at all,
    and a text holding a control character is refused naming its cell (``lib.text``)."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".csv":
        return _checked_text(csv_table(data))
    if suffix != ".xlsx":
        raise _refuse(_("Upload an XLSX or CSV file."))
    workbook = open_workbook(data, data_only=True)
    try:
        if not workbook.worksheets:
            raise _refuse(_("The file is not an Excel workbook (.xlsx)."))
        sheet = workbook.worksheets[0]
        rows = sheet_rows(sheet)
    finally:
        workbook.close()
    values = [(number, tuple(c.value if c else None for c in cells)) for number, cells in rows]
    return _checked_text(Table(sheet.title, values))


def _checked_text(table: Table) -> Table:
    errors = [
        CellError(table.sheet, number, get_column_letter(position), message(value, index))
        for number, values in table.rows
        for position, value in enumerate(values, start=1)
        if isinstance(value, str) and (index := first_forbidden(value)) is not None
    ]
    if errors:
        raise SpreadsheetError(errors)
    return table


def read_upload(upload: Any) -> Table:
    """``read_table`` of an uploaded file (a Django ``File``), after the one upload check
    (``lib.files``: type by name and content, size limit of spreadsheets) has passed it.

    Raises ``SpreadsheetError`` for a refused upload as for a refused content.
    """
    try:
        check_upload(upload, Kind.SPREADSHEET)
    except ValidationError as refused:
        raise SpreadsheetError([CellError("", 0, "", text) for text in refused.messages]) from None
    upload.seek(0)
    return read_table(upload.read(), upload.name or "")
