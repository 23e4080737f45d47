"""The attendance sign-in sheet: reading rows from a table read by ``lib.spreadsheet``.

The first row holds the column titles (Indonesian or English, any order):
Tanggal/Day, Kelompok/Group, OPD/Agency, Organisasi/Organisation, Peserta/Participant,
Kehadiran/Mode, Pengganti/Substitute. A missing or unknown column, an unreadable date or
group, an agency that is not the region's, or a row repeated is refused, naming the sheet,
row and column; nothing is recorded unless every row is good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from kotacerdas.lib.spreadsheet import CellError, SpreadsheetError, Table
from kotacerdas.regions.models import Agency

from .checks import AttendanceIn, check_attendance
from .models import Attendance, Group, Session

COLUMNS: dict[str, tuple[str, ...]] = {
    "day": ("tanggal", "hari", "day", "date"),
    "group": ("kelompok", "group"),
    "agency": ("opd", "perangkat daerah", "agency"),
    "organisation": ("organisasi", "instansi", "organisation", "organization"),
    "participant": ("peserta", "nama/jabatan", "participant"),
    "mode": ("kehadiran", "mode"),
    "substitute": ("pengganti", "substitute"),
}
REQUIRED = ("day", "group", "participant")
HEADERS = ("Tanggal", "Kelompok", "OPD", "Organisasi", "Peserta", "Kehadiran", "Pengganti")

GROUP_WORDS = {
    Group.AGENCY: ("opd", "agency", "perangkat daerah"),
    Group.SUBDISTRICT: ("kecamatan", "sub-district", "subdistrict"),
    Group.VILLAGE: ("desa", "kelurahan", "desa/kelurahan", "village"),
    Group.ACADEMIA: ("akademisi", "perguruan tinggi", "academia"),
    Group.BUSINESS: ("bisnis", "dunia usaha", "business"),
    Group.COMMUNITY: ("komunitas", "masyarakat", "community"),
    Group.MEDIA: ("media",),
}
MODE_WORDS = {
    Attendance.Mode.IN_PERSON: ("luring", "hadir", "tatap muka", "in person", "in_person"),
    Attendance.Mode.ONLINE: ("daring", "online"),
}
YES = ("ya", "yes", "y", "1", "true")
NO = ("", "tidak", "no", "n", "0", "false")
FIELD_COLUMN = {name: name for name in COLUMNS}
COLUMN_TITLES = {
    "day": gettext_lazy("Day"),
    "group": gettext_lazy("Group"),
    "agency": gettext_lazy("Agency"),
    "organisation": gettext_lazy("Organisation"),
    "participant": gettext_lazy("Participant"),
    "mode": gettext_lazy("Mode"),
    "substitute": gettext_lazy("Substitute"),
}


@dataclass(frozen=True)
class Sheet:
    """The rows read and where each came from, to name a row the service refuses."""

    rows: list[AttendanceIn]
    row_numbers: list[int]
    columns: dict[str, str]  # field → column letter
    sheet: str

    def errors_for(self, problems: list[tuple[int, str, str]]) -> SpreadsheetError:
        return SpreadsheetError(
            [
                CellError(
                    self.sheet,
                    self.row_numbers[index - 1],
                    self.columns.get(FIELD_COLUMN.get(name, ""), ""),
                    text,
                )
                for index, name, text in problems
            ]
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(table: Table) -> tuple[int, dict[str, int]]:
    if not table.rows:
        raise SpreadsheetError([CellError(table.sheet, 0, "", _("The sheet is empty."))])
    number, titles = table.rows[0]
    positions: dict[str, int] = {}
    errors = []
    for index, title in enumerate(titles):
        word = _text(title).casefold()
        if not word:
            continue
        name = next((n for n, words in COLUMNS.items() if word in words), None)
        letter = get_column_letter(index + 1)
        if name is None:
            errors.append(
                CellError(
                    table.sheet,
                    number,
                    letter,
                    _("Unknown column “%(title)s”; the columns are %(columns)s.")
                    % {"title": _text(title), "columns": ", ".join(HEADERS)},
                )
            )
        elif name in positions:
            errors.append(CellError(table.sheet, number, letter, _("This column is repeated.")))
        else:
            positions[name] = index
    errors.extend(
        CellError(
            table.sheet,
            number,
            "",
            _("The column “%(title)s” is missing.") % {"title": COLUMN_TITLES[name]},
        )
        for name in REQUIRED
        if name not in positions
    )
    if errors:
        raise SpreadsheetError(errors)
    return number, positions


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
    raise ValueError(_("Write the date as 2023-07-05 or 05/07/2023."))


def _choice(value: Any, words: dict[Any, tuple[str, ...]], message: str) -> str:
    text = _text(value).casefold()
    for code, known in words.items():
        if text in known or text == str(code):
            return str(code)
    raise ValueError(message)


def _agency(value: Any, agencies: list[Agency]) -> int:
    text = _text(value).casefold()
    for agency in agencies:
        if text in {agency.code.casefold(), agency.name.casefold(), agency.acronym.casefold()}:
            return agency.pk
    raise ValueError(_("This agency is not one of the region's agencies."))


def read_sheet(table: Table, session: Session) -> Sheet:
    """The sign-in sheet's rows for ``session``; every bad cell and row refused at once
    (unreadable cells, then the service's own checks of the rows read: days outside the
    session, agencies of another region, repeated rows)."""
    agencies = list(Agency.objects.filter(region_id=session.member.region_id))
    header_row, positions = _header(table)
    columns = {name: get_column_letter(index + 1) for name, index in positions.items()}
    rows: list[AttendanceIn] = []
    numbers: list[int] = []
    errors: list[CellError] = []
    for number, values in table.rows:
        if number == header_row or all(_text(v) == "" for v in values):
            continue

        def cell(name: str, values: tuple[Any, ...] = values) -> Any:
            index = positions.get(name)
            return values[index] if index is not None and index < len(values) else None

        errors_before = len(errors)
        found: dict[str, Any] = {}
        readers: dict[str, Any] = {
            "day": _day,
            "group": lambda v: _choice(v, GROUP_WORDS, _("Unknown group.")),
            "mode": lambda v: _choice(
                v if _text(v) else "luring", MODE_WORDS, _("Write luring or daring.")
            ),
            "substitute": lambda v: (
                _choice(v, {True: YES, False: NO}, _("Write ya or tidak.")) == "True"
            ),
        }
        for name, reader in readers.items():
            try:
                found[name] = reader(cell(name))
            except ValueError as refused:
                errors.append(CellError(table.sheet, number, columns.get(name, ""), str(refused)))
        agency_id = None
        if found.get("group") == Group.AGENCY:
            try:
                agency_id = _agency(cell("agency"), agencies)
            except ValueError as refused:
                errors.append(
                    CellError(table.sheet, number, columns.get("agency", ""), str(refused))
                )
        if len(errors) > errors_before:
            # The row is not checked as a whole; still name what else is wrong with it.
            if "day" in found and found["day"] not in session.days:
                errors.append(
                    CellError(
                        table.sheet,
                        number,
                        columns["day"],
                        _("This day is not one of the session's days."),
                    )
                )
            if not _text(cell("participant")):
                errors.append(
                    CellError(
                        table.sheet,
                        number,
                        columns["participant"],
                        _("Name the participant (a name or a position)."),
                    )
                )
        else:
            rows.append(
                AttendanceIn(
                    day=found["day"],
                    group=found["group"],
                    participant=_text(cell("participant")),
                    agency_id=agency_id,
                    organisation=_text(cell("organisation")),
                    mode=found["mode"],
                    substitute=found["substitute"],
                )
            )
            numbers.append(number)
    sheet = Sheet(rows, numbers, columns, table.sheet)
    errors.extend(sheet.errors_for(check_attendance(session, rows, numbers)).errors)
    if errors:
        errors.sort(key=lambda e: (e.row, e.column))
        raise SpreadsheetError(errors)
    return sheet
