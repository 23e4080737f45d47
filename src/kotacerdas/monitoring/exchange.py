"""The indicators in the masterplan's Excel file: a sheet "Indicators" (one row per indicator)
and a sheet "Indicator targets" (one row per target), registered with planning's exchange by
``MonitoringConfig.ready()`` (planning does not import monitoring).

Export writes every indicator with its id and version; import checks every row when the file
is previewed (each bad row named), then writes through the indicator services inside the
import's transaction, after the programmes — so an indicator may name a programme the same
file adds. Indicators missing from the file are left alone; for an indicator in the file, its
targets are exactly those of the targets sheet. All or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor
from kotacerdas.framework.models import Dimension
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.xlsx import ROW, Column, ListSpec, labelled_list
from kotacerdas.planning.exchange.layout import list_titles
from kotacerdas.planning.exchange.sheets import (
    AddError,
    Rows,
    SheetSet,
    SheetWork,
    register_sheets,
)
from kotacerdas.planning.models import Masterplan
from kotacerdas.regions.models import Agency

from . import services
from .models import Frequency, Indicator, Target

TargetKey = tuple[int, int | None]
# Fields a row carries that the indicator services take as they are.
PLAIN = (
    "code",
    "name",
    "level",
    "definition",
    "unit",
    "direction",
    "range_min",
    "range_max",
    "baseline_value",
    "baseline_year",
    "data_source",
    "frequency",
)


def _label(name: str, model: Any = Indicator) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))


def _lists() -> dict[str, str]:
    return {
        "levels": _("Indicator levels"),
        "directions": _("Directions"),
        "frequencies": _("Reporting frequencies"),
    }


def _sheets() -> list[tuple[str, list[Column]]]:
    """The two sheets' titles and columns in the active language."""
    planning = list_titles()
    lists = _lists()
    indicators = [
        Column("id", _("ID (do not change)"), "int", width=10),
        Column("version", _("Version (do not change)"), "int", width=10),
        Column("code", _label("code"), "text", required=True, width=12),
        Column("name", _label("name"), "text", required=True, width=40),
        Column("level", _label("level"), "choice", True, lists["levels"], 14),
        Column("programme", _("Programme code"), "text", width=14),
        Column("dimension", _label("dimension"), "choice", False, planning["dimensions"], 18),
        Column("unit", _label("unit"), "text", required=True, width=12),
        Column("direction", _label("direction"), "choice", True, lists["directions"], 18),
        Column("range_min", _label("range_min"), "amount", width=12),
        Column("range_max", _label("range_max"), "amount", width=12),
        Column("baseline_value", _label("baseline_value"), "amount", width=12),
        Column("baseline_year", _label("baseline_year"), "year", width=10),
        Column("data_source", _label("data_source"), "text", width=24),
        Column(
            "responsible_agency",
            _label("responsible_agency"),
            "choice",
            False,
            planning["agencies"],
            18,
        ),
        Column("frequency", _label("frequency"), "choice", True, lists["frequencies"], 14),
        Column("definition", _label("definition"), "text", width=40),
    ]
    targets = [
        Column("indicator", _("Indicator code"), "text", required=True, width=14),
        Column("year", _label("year", Target), "year", required=True, width=10),
        Column("quarter", _label("quarter", Target), "int", width=10),
        Column("value", _label("value", Target), "amount", required=True, width=14),
    ]
    return [(_("Indicators"), indicators), (_("Indicator targets"), targets)]


def _choice_labels(choices: Any) -> list[tuple[str, Any]]:
    return [(str(c.value), (lambda c=c: str(c.label))) for c in choices]


def _list_specs(masterplan: Masterplan) -> list[ListSpec]:
    lists = _lists()
    return [
        labelled_list(lists["levels"], _choice_labels(Indicator.Level)),
        labelled_list(lists["directions"], _choice_labels(Indicator.Direction)),
        labelled_list(lists["frequencies"], _choice_labels(Frequency)),
    ]


def _export(masterplan: Masterplan) -> list[list[list[Any]]]:
    indicators = list(
        Indicator.objects.filter(masterplan=masterplan)
        .select_related("programme", "dimension", "responsible_agency")
        .prefetch_related("targets")
        .order_by("code", "pk")
    )
    rows = [
        [
            i.pk,
            i.version,
            i.code,
            i.name,
            i.get_level_display(),
            i.programme.code if i.programme else None,
            i.dimension.name if i.dimension else None,
            i.unit,
            i.get_direction_display(),
            i.range_min,
            i.range_max,
            i.baseline_value,
            i.baseline_year,
            i.data_source,
            i.responsible_agency.code if i.responsible_agency else None,
            i.get_frequency_display(),
            i.definition,
        ]
        for i in indicators
    ]
    targets = [
        [i.code, t.year, t.quarter, t.value]
        for i in indicators
        for t in sorted(i.targets.all(), key=lambda t: (t.year, t.quarter or 0))
    ]
    return [rows, targets]


# --- import ------------------------------------------------------------------------------------


@dataclass
class _Row:
    """One indicator as the file describes it."""

    row: int
    existing: Indicator | None
    version: int | None
    fields: dict[str, Any]
    programme: str  # code; resolved when written (the file may add the programme)
    targets: dict[TargetKey, Decimal] = field(default_factory=dict)
    fields_changed: bool = False
    targets_changed: bool = False


@dataclass
class _Plan:
    sheet: str
    target_sheet: str
    rows: list[_Row]


def _titles(rows: dict[str, Rows]) -> tuple[str, str]:
    """The two sheets' titles as the file has them (in whichever language it was read)."""
    for language, _name in [(translation.get_language(), ""), *settings.LANGUAGES]:
        with translation.override(language):
            (first, _c), (second, _d) = _sheets()
        if first in rows and second in rows:
            return first, second
    (first, _c), (second, _d) = _sheets()
    return first, second


def _number(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).normalize()


def _check_row(
    values: dict[str, Any],
    masterplan: Masterplan,
    codes: set[str],
    known: dict[str, Any],
    error: Any,
) -> dict[str, Any] | None:
    """The row's fields for the services, or ``None`` after reporting what is wrong."""
    before = known["errors"]
    level, programme, dimension = values["level"], values["programme"], values["dimension"]
    if programme and programme not in codes:
        error(
            "programme",
            _("Programme code %(code)s is not in the masterplan or the file.")
            % {"code": programme},
        )
    if level == Indicator.Level.IMPACT and (programme or not dimension):
        error("level", _("An impact indicator names a dimension and no programme."))
    if level != Indicator.Level.IMPACT and (not programme or dimension):
        error("level", _("An output or outcome indicator names a programme and no dimension."))
    if values["direction"] == Indicator.Direction.RANGE and (
        values["range_min"] is None
        or values["range_max"] is None
        or values["range_max"] < values["range_min"]
    ):
        error("range_max", _("A range needs a minimum and a maximum not below it."))
    if values["baseline_value"] is not None and values["baseline_year"] is None:
        error("baseline_year", _("A baseline value needs the year it was measured."))
    if values["baseline_year"] is not None and values["baseline_year"] > masterplan.end_year:
        error("baseline_year", _("The baseline year cannot be after the masterplan's period."))
    agency = values["responsible_agency"]
    if agency and agency not in known["agencies"]:
        error("responsible_agency", _("Choose an agency of the region."))
    if known["errors"] != before:
        return None
    fields = {name: values[name] for name in PLAIN}
    for name in ("definition", "data_source"):
        fields[name] = fields[name] or ""
    fields["dimension"] = known["dimensions"].get(dimension) if dimension else None
    fields["responsible_agency"] = known["agencies"].get(agency) if agency else None
    return fields


def _differs(indicator: Indicator, fields: dict[str, Any], programme: str) -> bool:
    now = indicator.programme.code if indicator.programme else ""
    if now != programme:
        return True
    for name, value in fields.items():
        current = getattr(indicator, name)
        if isinstance(current, Decimal) or isinstance(value, Decimal):
            if _number(current) != _number(value):
                return True
        elif name in ("dimension", "responsible_agency"):
            if getattr(current, "pk", None) != getattr(value, "pk", None):
                return True
        elif current != value:
            return True
    return False


def _read_targets(
    rows: Rows, sheet: str, masterplan: Masterplan, in_file: dict[str, _Row], add: AddError
) -> None:
    seen: set[tuple[str, int, int | None]] = set()
    for values in rows:
        code, year, quarter, value = (
            values["indicator"],
            values["year"],
            values["quarter"],
            values["value"],
        )
        if code not in in_file:
            add(
                sheet,
                values[ROW],
                "indicator",
                _("Indicator %(code)s is not in the sheet.") % {"code": code},
            )
        elif year not in masterplan.period:
            message = _("%(year)s is outside the masterplan's period (%(first)s–%(last)s).")
            add(
                sheet,
                values[ROW],
                "year",
                message
                % {"year": year, "first": masterplan.start_year, "last": masterplan.end_year},
            )
        elif quarter is not None and quarter not in range(1, 5):
            add(sheet, values[ROW], "quarter", _("A quarter is 1 to 4."))
        elif (code, year, quarter) in seen:
            add(sheet, values[ROW], "year", _("This target is in the sheet twice."))
        else:
            seen.add((code, year, quarter))
            in_file[code].targets[(year, quarter)] = value


def _check(
    masterplan: Masterplan, rows: dict[str, Rows], codes: set[str], add: AddError
) -> SheetWork:
    sheet, target_sheet = _titles(rows)
    existing = {
        i.pk: i
        for i in Indicator.objects.filter(masterplan=masterplan)
        .select_related("programme", "dimension", "responsible_agency")
        .prefetch_related("targets")
    }
    by_code = {i.code: i for i in existing.values()}
    known: dict[str, Any] = {
        "dimensions": {
            d.code: d for d in Dimension.objects.filter(framework_id=masterplan.framework_id)
        },
        "agencies": {a.code: a for a in Agency.objects.filter(region_id=masterplan.region_id)},
        "errors": 0,
    }
    in_file: dict[str, _Row] = {}
    for values in rows.get(sheet, []):
        row = values[ROW]

        def error(key: str, message: str, row: int = row) -> None:
            known["errors"] += 1
            add(sheet, row, key, message)

        code = values["code"]
        found = existing.get(values["id"]) if values["id"] is not None else by_code.get(code)
        if values["id"] is not None and found is None:
            error("id", _("This id is not an indicator of this masterplan."))
            continue
        if code in in_file:
            error("code", _("Indicator code %(code)s is in the sheet twice.") % {"code": code})
            continue
        fields = _check_row(values, masterplan, codes, known, error)
        if fields is None:
            continue
        in_file[code] = _Row(row, found, values["version"], fields, values["programme"] or "")
    _read_targets(rows.get(target_sheet, []), target_sheet, masterplan, in_file, add)
    added = changed = 0
    for item in in_file.values():
        if item.existing is None:
            item.fields_changed = item.targets_changed = True
            added += 1
            continue
        now = {(t.year, t.quarter): _number(t.value) for t in item.existing.targets.all()}
        item.fields_changed = _differs(item.existing, item.fields, item.programme)
        item.targets_changed = now != {k: _number(v) for k, v in item.targets.items()}
        changed += item.fields_changed or item.targets_changed
    summary = _("Indicators: %(added)d to add, %(changed)d to change, %(unchanged)d unchanged.") % {
        "added": added,
        "changed": changed,
        "unchanged": len(in_file) - added - changed,
    }
    return SheetWork(summary, added + changed, _Plan(sheet, target_sheet, list(in_file.values())))


def _apply(masterplan: Masterplan, work: SheetWork, actor: Actor, add: AddError) -> None:
    plan: _Plan = work.plan
    programmes = {p.code: p for p in masterplan.programmes.all()}
    for item in plan.rows:
        if not (item.fields_changed or item.targets_changed):
            continue
        code = item.fields["code"]
        fields = {**item.fields, "programme": programmes.get(item.programme)}
        try:
            if item.existing is None:
                indicator = services.create_indicator(masterplan, actor=actor, fields=fields)
            elif item.fields_changed:
                indicator = services.update_indicator(
                    item.existing, actor=actor, fields=fields, opened_version=item.version
                )
            else:
                indicator = item.existing
            if item.targets_changed:
                old = (
                    {}
                    if item.existing is None
                    else {(t.year, t.quarter): None for t in item.existing.targets.all()}
                )
                targets: dict[TargetKey, Decimal | None] = {**old, **item.targets}
                services.set_targets(indicator, targets, actor=actor)
        except ValidationError as exc:
            for message in exc.messages:
                add(plan.sheet, item.row, "", f"{code}: {message}")
        except PermissionDenied:
            message = _("You may not change indicator %(code)s.") % {"code": code}
            add(plan.sheet, item.row, "code", message)
        except ConcurrentEditError as exc:
            add(plan.sheet, item.row, "", f"{code}: {exc}")


def register() -> None:
    """Carry the indicators in the masterplan's Excel file (``ready()``)."""
    register_sheets(
        SheetSet(
            key="indicators",
            sheets=_sheets,
            lists=_list_specs,
            export=_export,
            check=_check,
            apply=_apply,
        )
    )
