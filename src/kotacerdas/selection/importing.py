"""Reading criteria values from an XLSX or CSV file, and checking uploaded documents.

The file has a header row: the first column holds region codes (``17.71``), every other
column is headed by a criterion code. This module only reads cells; the service checks
them against the campaign and saves all rows or none.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kotacerdas.regions.models import Region

from .models import Campaign, CampaignCriterion

MAX_IMPORT_SIZE = 5 * 1024 * 1024
MAX_DOCUMENT_SIZE = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 2000

# Extension → the first bytes a genuine file of that type starts with.
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8",),
    ".jpeg": (b"\xff\xd8",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


@dataclass(frozen=True)
class RowError:
    """One problem in an imported file: where it is and why it was refused."""

    row: int
    column: str
    reason: str
    sheet: str = ""  # the worksheet's name, for XLSX files

    def __str__(self) -> str:
        where = {"row": self.row, "column": self.column, "reason": self.reason}
        if self.sheet:
            return _("Sheet %(sheet)s, row %(row)d, column %(column)s: %(reason)s") % {
                **where,
                "sheet": self.sheet,
            }
        return _("Row %(row)d, column %(column)s: %(reason)s") % where


class ImportRejected(Exception):
    """The file was refused; nothing was saved. ``errors`` lists every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def _size(upload: Any) -> int:
    return int(getattr(upload, "size", 0) or 0)


def check_document(upload: Any) -> None:
    """Refuse a document whose type (extension and content) or size is not allowed."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(
            _("%(name)s: only PDF, PNG, JPEG, DOCX and XLSX files are accepted.")
            % {"name": upload.name}
        )
    if _size(upload) > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": upload.name, "limit": MAX_DOCUMENT_SIZE // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(DOCUMENT_TYPES[suffix]):
        raise ValidationError(
            _("%(name)s is not a genuine %(kind)s file.")
            % {"name": upload.name, "kind": suffix[1:].upper()}
        )


def read_table(upload: Any) -> tuple[str, list[list[Any]]]:
    """The sheet name (``""`` for CSV) and rows of an uploaded CSV or XLSX file (header
    first), cells as read. Only the first sheet of a workbook is read."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportRejected([RowError(0, "-", _("Upload an XLSX or CSV file."))])
    if _size(upload) > MAX_IMPORT_SIZE:
        limit = MAX_IMPORT_SIZE // (1024 * 1024)
        raise ImportRejected(
            [RowError(0, "-", _("The file is larger than %(limit)d MB.") % {"limit": limit})]
        )
    upload.seek(0)
    data = upload.read()
    sheet, rows = _read_xlsx(data) if suffix == ".xlsx" else ("", _read_csv(data))
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportRejected(
            [RowError(0, "-", _("At most %(n)d rows can be imported.") % {"n": MAX_IMPORT_ROWS})]
        )
    return sheet, rows


def _read_csv(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([RowError(0, "-", _("The CSV file is not UTF-8 text."))]) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> tuple[str, list[list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportRejected(
            [RowError(0, "-", _("The file is not a readable XLSX workbook."))]
        ) from exc
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return sheet.title, rows


def values_from_table(
    campaign: Campaign, sheet: str, rows: list[list[Any]]
) -> dict[tuple[int, int], Decimal | None]:
    """The values of a table read from a file, keyed by (application id, criterion id).

    Raises ``ImportRejected`` listing every bad row (row number, column, reason): an
    unknown region code, a region that has not applied, an unknown criterion column, a
    cell that is not a number or is outside the criterion's range.
    """
    if not rows or not any(rows[0]):
        raise ImportRejected([RowError(1, "A", _("The file has no header row."), sheet)])
    criteria = {c.code: c for c in campaign.criteria.all()}
    errors: list[RowError] = []
    columns: dict[int, CampaignCriterion] = {}
    for index, header in enumerate(rows[0][1:], start=1):
        code = str(header or "").strip()
        if not code:
            continue
        if code not in criteria:
            errors.append(
                RowError(
                    1,
                    column_name(index),
                    _("%(code)s is not a criterion of this campaign.") % {"code": code},
                )
            )
        else:
            columns[index] = criteria[code]
    known = dict(Region.objects.values_list("code", "pk"))
    applications = dict(campaign.applications.values_list("region_id", "pk"))
    values: dict[tuple[int, int], Decimal | None] = {}
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        app_id = _import_region(row, number, known, applications, seen, errors)
        for index, criterion in columns.items():
            cell = row[index] if index < len(row) else None
            value = _import_cell(cell, criterion, number, column_name(index), errors)
            if app_id is not None and value is not None:
                values[(app_id, criterion.pk)] = value
    if errors:
        raise ImportRejected([replace(e, sheet=sheet) for e in errors])
    return values


def _import_region(
    row: list[Any],
    number: int,
    known: dict[str, int],
    applications: dict[int, int],
    seen: dict[str, int],
    errors: list[RowError],
) -> int | None:
    code = region_code(row[0] if row else "")
    if code not in known:
        errors.append(RowError(number, "A", _("unknown region code “%(code)s”.") % {"code": code}))
        return None
    if known[code] not in applications:
        errors.append(
            RowError(
                number, "A", _("region %(code)s has not applied to this campaign.") % {"code": code}
            )
        )
        return None
    if code in seen:
        errors.append(
            RowError(
                number,
                "A",
                _("region %(code)s is already on row %(row)d.") % {"code": code, "row": seen[code]},
            )
        )
        return None
    seen[code] = number
    return applications[known[code]]


def _import_cell(
    cell: Any, criterion: CampaignCriterion, number: int, column: str, errors: list[RowError]
) -> Decimal | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    text = str(cell).strip().replace(",", ".") if isinstance(cell, str) else str(cell)
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(RowError(number, column, _("“%(cell)s” is not a number.") % {"cell": cell}))
        return None
    if not value.is_finite():
        errors.append(RowError(number, column, _("“%(cell)s” is not a number.") % {"cell": cell}))
        return None
    if not criterion.accepts(value):
        errors.append(RowError(number, column, criterion.range_error(value)))
        return None
    return value.quantize(Decimal("0.0001"))


def region_code(cell: Any) -> str:
    """A region code as typed; spreadsheets turn ``13.10`` into the number 13.1."""
    if isinstance(cell, float | int) and not isinstance(cell, bool):
        return f"{cell:.2f}"
    return str(cell or "").strip()


def column_name(index: int) -> str:
    """Spreadsheet column letters: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name
