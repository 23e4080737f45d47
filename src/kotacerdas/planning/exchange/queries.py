"""The programme catalogue of a masterplan as an XLSX file, and what a filled-in file would do.

``export_programmes`` writes three sheets — programmes (with their stable id and the version they
had), supporting agencies and funding — plus hidden list sheets behind the drop-downs.
``preview_import`` reads a filled-in file and says which programmes it adds, changes or leaves
alone, with every bad cell. Programmes missing from the file are left as they are (an import
never deletes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from kotacerdas.framework.models import Dimension, Element
from kotacerdas.lib.xlsx import ROW, CellError, SheetSpec, read_workbook
from kotacerdas.lib.xlsx import write_workbook as _write_workbook

from ..masterplans.models import Masterplan
from ..programmes.checks import Funding, Support
from ..programmes.models import Programme, ProgrammeSupport
from ..strategy.models import Goal
from .layout import Catalogue, Check, Layout, layout
from .sheets import SheetWork, sheet_sets

MAX_AMOUNT = Decimal(10) ** 16  # FundingLine.amount: 18 digits, 2 after the point
CENT = Decimal("0.01")
MAX_MONTHS = 120

# Model fields a programme row carries, in sheet order after the id and version columns.
TEXT_FIELDS = ("problem", "description", "innovation", "rpjmd_code")


# --- export ----------------------------------------------------------------------------------


def _programme_row(programme: Programme, catalogue: Catalogue) -> list[Any]:
    return [
        programme.pk,
        programme.version,
        programme.code,
        programme.name,
        programme.dimension.name,
        programme.element.code if programme.element else None,
        programme.problem,
        programme.description,
        programme.innovation,
        programme.get_horizon_display(),
        programme.start_year,
        programme.end_year,
        programme.lead_agency.code if programme.lead_agency else None,
        programme.get_status_display(),
        programme.rpjmd_code,
        programme.months_to_first_result,
        catalogue.goal_numbers(programme),
    ]


def _extra_lists(masterplan: Masterplan) -> list[Any]:
    return [spec for extra in sheet_sets() for spec in extra.lists(masterplan)]


def _extra_sheets(masterplan: Masterplan) -> list[SheetSpec]:
    """The registered sheets (indicators and their targets) with their rows."""
    found = []
    for extra in sheet_sets():
        rows = extra.export(masterplan)
        for (title, columns), sheet_rows in zip(extra.sheets(), rows, strict=True):
            found.append(SheetSpec(title, columns, sheet_rows))
    return found


def export_programmes(masterplan: Masterplan) -> bytes:
    """The programme catalogue as an XLSX template, in the active language, with the sheets
    other apps register (the indicators and their targets)."""
    names = layout()
    catalogue = Catalogue.of(masterplan)
    programmes = list(catalogue.programmes.values())
    supports = [
        [p.code, s.agency.code, s.role]
        for p in programmes
        for s in sorted(p.supports.all(), key=lambda s: s.agency.code)
    ]
    funding = [
        [p.code, f.get_source_display(), f.year, f.amount]
        for p in programmes
        for f in sorted(p.funding.all(), key=lambda f: (f.year, f.source, f.pk))
    ]
    return _write_workbook(
        [
            SheetSpec(
                names.programmes,
                names.programme_columns,
                [_programme_row(p, catalogue) for p in programmes],
            ),
            SheetSpec(names.supports, names.support_columns, supports),
            SheetSpec(names.funding, names.funding_columns, funding),
            *_extra_sheets(masterplan),
        ],
        [*catalogue.lists(names.lists), *_extra_lists(masterplan)],
    )


# --- preview ---------------------------------------------------------------------------------


@dataclass
class Planned:
    """One programme as the file describes it, resolved against the masterplan."""

    row: int
    existing: Programme | None
    version: int | None
    fields: dict[str, Any]
    supports: list[Support] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)

    @property
    def changed_labels(self) -> list[str]:
        """What changes, as the programme form names it."""
        extra = {
            "supports": _("supporting agencies"),
            "funding": _("funding"),
            "goals": _("goals served"),
        }
        return [
            extra[name]
            if name in extra
            else str(getattr(Programme._meta.get_field(name), "verbose_name", name))
            for name in self.changed_fields
        ]

    @property
    def code(self) -> str:
        return str(self.fields["code"])

    @property
    def name(self) -> str:
        return str(self.fields["name"])


@dataclass
class Preview:
    """What an import would do: ``added``, ``changed`` (with the fields that change),
    ``unchanged`` (in the file, same as now) and ``not_in_file`` (left alone), or ``errors``."""

    added: list[Planned] = field(default_factory=list)
    changed: list[Planned] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    not_in_file: list[Programme] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    extras: dict[str, SheetWork] = field(default_factory=dict)  # registered sheet set → work

    @property
    def has_work(self) -> bool:
        extra = any(work.changes for work in self.extras.values())
        return not self.errors and bool(self.added or self.changed or extra)


def _read_sheets(
    data: bytes, names: Layout, lists: list[Any]
) -> tuple[dict[str, list[dict[str, Any]]], list[CellError]]:
    """The file's sheets; a registered sheet (indicators) may be missing: a file made before
    it existed imports its programmes and leaves the rest alone."""
    rows, errors = read_workbook(data, names.sheets(), lists)
    optional = {title for title, _columns in names.extras}
    return rows, [e for e in errors if not (e.row == 0 and e.column == "" and e.sheet in optional)]


def _read(
    data: bytes, catalogue: Catalogue, masterplan: Masterplan
) -> tuple[Layout, dict[str, list[dict[str, Any]]], list[CellError]]:
    """Reads the file in the active language, or in another one whose sheet titles it has;
    a drop-down cell may hold a label in either language or a code, and reads as the code."""
    names = layout()
    lists = [*catalogue.lists(names.lists), *_extra_lists(masterplan)]
    rows, errors = _read_sheets(data, names, lists)
    if not any(error.row == 0 for error in errors):
        return names, rows, errors
    active = translation.get_language()
    for language, _name in settings.LANGUAGES:
        if language == active:
            continue
        with translation.override(language):
            other = layout()
            lists = [*catalogue.lists(other.lists), *_extra_lists(masterplan)]
        other_rows, other_errors = _read_sheets(data, other, lists)
        if not any(error.row == 0 for error in other_errors):
            return other, other_rows, other_errors
    return names, rows, errors


def _check_years(values: dict[str, Any], masterplan: Masterplan, check: Check) -> None:
    sheet, row = check.names.programmes, values[ROW]
    first, last = masterplan.start_year, masterplan.end_year
    for key in ("start_year", "end_year"):
        year = values[key]
        if year is not None and not first <= year <= last:
            message = _("%(year)s is outside the masterplan period %(start)d–%(end)d.")
            check.add(sheet, row, key, message % {"year": year, "start": first, "end": last})
    start, end = values["start_year"], values["end_year"]
    if start is not None and end is not None and end < start:
        check.add(sheet, row, "end_year", _("The last year comes before the first year."))


def _check_lengths(
    sheet: str, values: dict[str, Any], model: type[Any], keys: Iterable[str], check: Check
) -> None:
    for key in keys:
        limit = getattr(model._meta.get_field(key), "max_length", None)
        if limit and values[key] and len(values[key]) > limit:
            message = _("At most %(count)d characters.") % {"count": limit}
            check.add(sheet, values[ROW], key, message)


def _resolve_element(
    values: dict[str, Any], dimension: Dimension, catalogue: Catalogue, check: Check
) -> Element | None:
    if not values["element"]:
        return None
    element = catalogue.elements.get((dimension.pk, values["element"]))
    if element is None:
        message = _("Element %(element)s is not part of dimension %(dimension)s.")
        names = {"element": values["element"], "dimension": dimension.code}
        check.add(check.names.programmes, values[ROW], "element", message % names)
    return element


def _resolve_programme(
    values: dict[str, Any], masterplan: Masterplan, catalogue: Catalogue, check: Check
) -> dict[str, Any] | None:
    """The programme fields of a row, its problems added to ``check``."""
    _check_years(values, masterplan, check)
    _check_lengths(check.names.programmes, values, Programme, ("code", "name", "rpjmd_code"), check)
    months = values["months_to_first_result"]
    if months is not None and not 0 <= months <= MAX_MONTHS:
        message = _("Type a number of months from 0 to %(max)d.") % {"max": MAX_MONTHS}
        check.add(check.names.programmes, values[ROW], "months_to_first_result", message)
    dimension = catalogue.dimensions.get(values["dimension"] or "")
    if dimension is None:
        return None
    return {
        "code": values["code"],
        "name": values["name"],
        "dimension": dimension,
        "element": _resolve_element(values, dimension, catalogue, check),
        **{key: values[key] or "" for key in TEXT_FIELDS},
        "horizon": values["horizon"],
        "start_year": values["start_year"],
        "end_year": values["end_year"],
        "lead_agency": catalogue.agencies.get(values["lead_agency"] or ""),
        "status": values["status"] or Programme.Status.PLANNED,
        "months_to_first_result": months,
    }


def _resolve_goals(values: dict[str, Any], catalogue: Catalogue, check: Check) -> list[Goal]:
    """The goals a row names by number ("1.2; 2.1", commas or spaces also separate them)."""
    tokens = [t for t in re.split(r"[;,\s]+", values.get("goals") or "") if t]
    unknown = [t for t in dict.fromkeys(tokens) if t not in catalogue.goals]
    if unknown:
        known = ", ".join(catalogue.goals) or "–"
        message = _(
            "No goal numbered %(numbers)s in this masterplan's strategy (goals: %(known)s)."
        )
        check.add(
            check.names.programmes,
            values[ROW],
            "goals",
            message % {"numbers": ", ".join(unknown), "known": known},
        )
        return []
    return [catalogue.goals[t] for t in dict.fromkeys(tokens)]


def _match_existing(
    values: dict[str, Any], catalogue: Catalogue, seen: dict[int, int], check: Check
) -> Programme | None:
    """The programme a row's id names (``None`` for a new one, or when the id is wrong)."""
    sheet, row, pk = check.names.programmes, values[ROW], values["id"]
    if pk is None:
        return None
    existing = catalogue.programmes.get(pk)
    if existing is None:
        check.add(
            sheet, row, "id", _("No programme of this masterplan has ID %(id)s.") % {"id": pk}
        )
        return None
    if pk in seen:
        message = _("ID %(id)s is already used in row %(row)d.")
        check.add(sheet, row, "id", message % {"id": pk, "row": seen[pk]})
        return None
    seen[pk] = row
    version = values["version"]
    if version is not None and version != existing.version:
        message = _(
            "Someone changed programme %(code)s after this file was exported; "
            "export the catalogue again and redo this row."
        )
        check.add(sheet, row, "version", message % {"code": existing.code})
        return None
    return existing


def _check_code_once(values: dict[str, Any], seen: dict[str, int], check: Check) -> None:
    code = values["code"]
    if code is None:
        return
    if code in seen:
        message = _("Code %(code)s is already used in row %(row)d.")
        row = {"code": code, "row": seen[code]}
        check.add(check.names.programmes, values[ROW], "code", message % row)
    else:
        seen[code] = values[ROW]


def _plan_programmes(
    rows: list[dict[str, Any]], masterplan: Masterplan, catalogue: Catalogue, check: Check
) -> tuple[list[Planned], set[str]]:
    """The programmes of the file, and every code the sheet names. A row with any error is not
    planned, so the other sheets do not repeat its error for each of its lines."""
    planned: list[Planned] = []
    seen_ids: dict[int, int] = {}
    seen_codes: dict[str, int] = {}
    bad_rows = {error.row for error in check.errors if error.sheet == check.names.programmes}
    for values in rows:
        before = len(check.errors)
        existing = _match_existing(values, catalogue, seen_ids, check)
        fields = _resolve_programme(values, masterplan, catalogue, check)
        _check_code_once(values, seen_codes, check)
        goals = _resolve_goals(values, catalogue, check)
        if fields is not None and len(check.errors) == before and values[ROW] not in bad_rows:
            planned.append(Planned(values[ROW], existing, values["version"], fields, goals=goals))
    _check_codes_left_alone(planned, catalogue, check)
    return planned, set(seen_codes)


def _check_codes_left_alone(planned: list[Planned], catalogue: Catalogue, check: Check) -> None:
    """A new or renamed programme may not take the code of a programme not in the file."""
    in_file = {p.existing.pk for p in planned if p.existing is not None}
    others = {p.code: p for p in catalogue.programmes.values() if p.pk not in in_file}
    for item in planned:
        if item.code in others:
            message = _("Code %(code)s is already used by programme %(name)s.")
            check.add(
                check.names.programmes,
                item.row,
                "code",
                message % {"code": item.code, "name": others[item.code].name},
            )


def _attach_supports(
    rows: list[dict[str, Any]],
    by_code: Mapping[str, Planned],
    in_sheet: set[str],
    catalogue: Catalogue,
    check: Check,
) -> None:
    sheet = check.names.supports
    for values in rows:
        item = by_code.get(values["programme"] or "")
        agency = catalogue.agencies.get(values["agency"] or "")
        if item is None:
            if values["programme"] is not None and values["programme"] not in in_sheet:
                _unknown_programme(check, sheet, values)
            continue
        _check_lengths(sheet, values, ProgrammeSupport, ("role",), check)
        if agency is None:
            continue
        if agency == item.fields["lead_agency"]:
            message = _("%(agency)s is already the lead agency of %(code)s.")
            check.add(
                sheet, values[ROW], "agency", message % {"agency": agency.code, "code": item.code}
            )
        elif any(support.agency == agency for support in item.supports):
            message = _("%(agency)s is listed twice for %(code)s.")
            check.add(
                sheet, values[ROW], "agency", message % {"agency": agency.code, "code": item.code}
            )
        else:
            item.supports.append(Support(agency, values["role"] or ""))


def _attach_funding(
    rows: list[dict[str, Any]], by_code: Mapping[str, Planned], in_sheet: set[str], check: Check
) -> None:
    sheet = check.names.funding
    for values in rows:
        item = by_code.get(values["programme"] or "")
        if item is None:
            if values["programme"] is not None and values["programme"] not in in_sheet:
                _unknown_programme(check, sheet, values)
            continue
        year, amount = values["year"], values["amount"]
        start, end = item.fields["start_year"], item.fields["end_year"]
        if year is not None and start is not None and end is not None and not start <= year <= end:
            message = _("%(year)s is outside the years of %(code)s (%(start)d–%(end)d).")
            check.add(
                sheet,
                values[ROW],
                "year",
                message % {"year": year, "code": item.code, "start": start, "end": end},
            )
        if amount is not None and (amount >= MAX_AMOUNT or amount != amount.quantize(CENT)):
            check.add(sheet, values[ROW], "amount", _("Type an amount in Rupiah below 10^16."))
        elif None not in (year, amount, values["source"]):
            item.funding.append(Funding(values["source"], year, amount))


def _unknown_programme(check: Check, sheet: str, values: dict[str, Any]) -> None:
    message = _("Programme code %(code)s is not in the sheet %(sheet)s.")
    check.add(
        sheet,
        values[ROW],
        "programme",
        message % {"code": values["programme"], "sheet": check.names.programmes},
    )


# Fields compared to decide whether a programme changes; FKs by their id.
_COMPARED = (
    "code",
    "name",
    "dimension",
    "element",
    *TEXT_FIELDS,
    "horizon",
    "start_year",
    "end_year",
    "lead_agency",
    "status",
    "months_to_first_result",
)


def _differences(item: Planned, programme: Programme) -> list[str]:
    """Names of what the file changes on an existing programme (``supports``/``funding`` too)."""
    changed = [name for name in _COMPARED if getattr(programme, name) != item.fields[name]]
    now_supports = sorted((s.agency_id, s.role) for s in programme.supports.all())
    if now_supports != sorted((s.agency.pk, s.role) for s in item.supports):
        changed.append("supports")
    now_funding = sorted(
        (f.source, f.year, f.amount.quantize(CENT)) for f in programme.funding.all()
    )
    if now_funding != sorted((f.source, f.year, f.amount.quantize(CENT)) for f in item.funding):
        changed.append("funding")
    if {g.pk for g in programme.goals.all()} != {g.pk for g in item.goals}:
        changed.append("goals")
    return changed


def programme_rows(masterplan: Masterplan, data: bytes) -> int:
    """How many programme rows the file holds (0 when it cannot be read)."""
    names, sheets, _errors = _read(data, Catalogue.of(masterplan), masterplan)
    return len(sheets.get(names.programmes, []))


def preview_import(masterplan: Masterplan, data: bytes) -> Preview:
    """What importing ``data`` would do, or every error it has in the file. Who may write which
    programme is the services' to say, when the import is applied."""
    if masterplan.status != Masterplan.Status.DRAFT:
        message = _("Programmes can only be imported while the masterplan is a draft.")
        return Preview(errors=[CellError("", 0, "", message)])
    catalogue = Catalogue.of(masterplan)
    names, sheets, errors = _read(data, catalogue, masterplan)
    preview = Preview(errors=errors)
    if any(error.row in (0, 1) for error in errors):
        return preview  # no usable sheet or header: nothing more to say per row
    check = Check(names, preview.errors)
    planned, in_sheet = _plan_programmes(sheets[names.programmes], masterplan, catalogue, check)
    by_code = {item.code: item for item in planned}
    _attach_supports(sheets[names.supports], by_code, in_sheet, catalogue, check)
    _attach_funding(sheets[names.funding], by_code, in_sheet, check)
    in_file = {item.existing.pk for item in planned if item.existing is not None}
    preview.not_in_file = [p for pk, p in catalogue.programmes.items() if pk not in in_file]
    for item in planned:
        if item.existing is None:
            preview.added.append(item)
            continue
        item.changed_fields = _differences(item, item.existing)
        (preview.changed if item.changed_fields else preview.unchanged).append(item)
    codes = {p.code for p in catalogue.programmes.values()} | set(by_code)
    for extra in sheet_sets():
        preview.extras[extra.key] = extra.check(masterplan, sheets, codes, check.add)
    order = {title: position for position, (title, _columns) in enumerate(names.sheets())}
    preview.errors.sort(key=lambda e: (order.get(e.sheet, -1), e.row))
    return preview
