"""Criteria values from an uploaded XLSX or CSV table.

The file is read by the one spreadsheet reader (``lib.xlsx.read_table``), which refuses
hostile and oversized files. Its first row is the header: the first column holds region
codes (``17.71``), every other column is headed by a criterion code. This module turns the
rows into values and reports every bad cell; the service saves all values or none.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from kotacerdas.lib.xlsx import CellError, SpreadsheetError, Table
from kotacerdas.regions.models import Region

from .models import Campaign, CampaignCriterion


class _Errors:
    """The bad cells of one table, each with the sheet it is on."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.found: list[CellError] = []

    def add(self, row: int, column: int, message: str) -> None:
        self.found.append(CellError(self.sheet, row, get_column_letter(column + 1), message))


def values_from_table(campaign: Campaign, table: Table) -> dict[tuple[int, int], Decimal | None]:
    """The values of a table read from a file, keyed by (application id, criterion id).

    Raises ``SpreadsheetError`` listing every bad cell (sheet, row, column, reason): an
    unknown region code, a region that has not applied or is on two rows, an unknown
    criterion column, a cell that is not a number or is outside the criterion's range.
    """
    errors = _Errors(table.sheet)
    rows = table.rows
    if not rows or rows[0][0] != 1 or not any(_filled(cell) for cell in rows[0][1]):
        errors.add(1, 0, _("The file has no header row."))
        raise SpreadsheetError(errors.found)
    columns = _criteria_columns(campaign, rows[0][1], errors)
    known = dict(Region.objects.values_list("code", "pk"))
    applications = dict(campaign.applications.values_list("region_id", "pk"))
    values: dict[tuple[int, int], Decimal | None] = {}
    seen: dict[str, int] = {}
    for number, row in rows[1:]:
        if not any(_filled(cell) for cell in row):
            continue
        app_id = _import_region(row, number, known, applications, seen, errors)
        for index, criterion in columns.items():
            cell = row[index] if index < len(row) else None
            value = _import_cell(cell, criterion, number, index, errors)
            if app_id is not None and value is not None:
                values[(app_id, criterion.pk)] = value
    if errors.found:
        raise SpreadsheetError(errors.found)
    return values


def _filled(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _criteria_columns(
    campaign: Campaign, header: tuple[Any, ...], errors: _Errors
) -> dict[int, CampaignCriterion]:
    """Column index → the criterion its header names (every unknown header reported)."""
    criteria = {c.code: c for c in campaign.criteria.all()}
    columns: dict[int, CampaignCriterion] = {}
    for index, cell in enumerate(header[1:], start=1):
        code = str(cell or "").strip()
        if not code:
            continue
        if code in criteria:
            columns[index] = criteria[code]
        else:
            message = _("%(code)s is not a criterion of this campaign.") % {"code": code}
            errors.add(1, index, message)
    return columns


def _import_region(
    row: tuple[Any, ...],
    number: int,
    known: dict[str, int],
    applications: dict[int, int],
    seen: dict[str, int],
    errors: _Errors,
) -> int | None:
    code = region_code(row[0] if row else "")
    if code not in known:
        errors.add(number, 0, _("unknown region code “%(code)s”.") % {"code": code})
        return None
    if known[code] not in applications:
        message = _("region %(code)s has not applied to this campaign.") % {"code": code}
        errors.add(number, 0, message)
        return None
    if code in seen:
        message = _("region %(code)s is already on row %(row)d.") % {
            "code": code,
            "row": seen[code],
        }
        errors.add(number, 0, message)
        return None
    seen[code] = number
    return applications[known[code]]


def _import_cell(
    cell: Any, criterion: CampaignCriterion, number: int, index: int, errors: _Errors
) -> Decimal | None:
    if not _filled(cell):
        return None
    text = str(cell).strip().replace(",", ".") if isinstance(cell, str) else str(cell)
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors.add(number, index, _("“%(cell)s” is not a number.") % {"cell": cell})
        return None
    if not criterion.accepts(value):
        errors.add(number, index, criterion.range_error(value))
        return None
    return value.quantize(Decimal("0.0001"))


def region_code(cell: Any) -> str:
    """A region code as typed; spreadsheets turn ``13.10`` into the number 13.1."""
    if isinstance(cell, float | int) and not isinstance(cell, bool):
        return f"{cell:.2f}"
    return str(cell or "").strip()
