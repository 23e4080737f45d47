"""The SPBE indicators programmes raise, in the masterplan's Excel file: a sheet "SPBE" with
one row per tag (programme code, instrument code, indicator number; the indicator's name is
there to read and ignored on import), registered with planning's exchange by
``EvaluationConfig.ready()``.

When the file has the sheet, it says every tag of the masterplan: a programme gets exactly
the indicators of its rows (none when it has no row). A file without the sheet (made before
it existed) leaves the tags alone. Every bad row is named (an unknown programme, instrument
or indicator, a row twice); the tags are written through ``set_programme_spbe_tags`` inside
the import's transaction, after the programmes, so a row may name a programme the same file
adds. All or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor
from kotacerdas.lib.xlsx import ROW, Column, ListSpec
from kotacerdas.planning.exchange.sheets import (
    AddError,
    Rows,
    SheetSet,
    SheetWork,
    register_sheets,
)
from kotacerdas.planning.models import Masterplan

from . import spbe_services
from .spbe_models import SpbeIndicator, SpbeProgrammeTag

TITLE = "SPBE"


def _sheets() -> list[tuple[str, list[Column]]]:
    columns = [
        Column("programme", _("Programme code"), "text", required=True, width=14),
        Column("instrument", _("SPBE instrument"), "text", required=True, width=14),
        Column("indicator", _("Indicator number"), "int", required=True, width=10),
        Column("name", _("Indicator (for reading; not imported)"), "text", width=50),
    ]
    return [(TITLE, columns)]


def _lists(masterplan: Masterplan) -> list[ListSpec]:
    return []


def _export(masterplan: Masterplan) -> list[list[list[Any]]]:
    tags = (
        SpbeProgrammeTag.objects.filter(programme__masterplan=masterplan)
        .select_related("programme", "indicator__instrument")
        .order_by("programme__code", "indicator__instrument__code", "indicator__number")
    )
    return [
        [
            [t.programme.code, t.indicator.instrument.code, t.indicator.number, t.indicator.name]
            for t in tags
        ]
    ]


@dataclass(frozen=True)
class _Plan:
    """Per programme code whose tags change, the indicators it will have; the row that
    first names each programme (for errors)."""

    wanted: dict[str, set[int]]
    rows: dict[str, int]


def _current(masterplan: Masterplan) -> dict[str, set[int]]:
    found: dict[str, set[int]] = defaultdict(set)
    for code, indicator_id in SpbeProgrammeTag.objects.filter(
        programme__masterplan=masterplan
    ).values_list("programme__code", "indicator_id"):
        found[code].add(indicator_id)
    return found


def _check(
    masterplan: Masterplan, rows: dict[str, Rows], codes: set[str], add: AddError
) -> SheetWork:
    if TITLE not in rows:
        return SheetWork("", 0, None)
    indicators = {
        (code, number): pk
        for pk, code, number in SpbeIndicator.objects.values_list(
            "pk", "instrument__code", "number"
        )
    }
    instruments = {code for code, _number in indicators}
    wanted: dict[str, set[int]] = defaultdict(set)
    first_row: dict[str, int] = {}
    for values in rows[TITLE]:
        row, programme = values[ROW], values["programme"]
        instrument, number = values["instrument"], values["indicator"]
        if programme not in codes:
            message = _("Programme code %(code)s is not in the masterplan or the file.")
            add(TITLE, row, "programme", message % {"code": programme})
        elif instrument not in instruments:
            message = _("%(code)s is not an SPBE instrument.")
            add(TITLE, row, "instrument", message % {"code": instrument})
        elif (instrument, number) not in indicators:
            message = _("%(instrument)s has no indicator %(number)s.")
            add(TITLE, row, "indicator", message % {"instrument": instrument, "number": number})
        elif indicators[(instrument, number)] in wanted[programme]:
            add(TITLE, row, "indicator", _("This tag is in the sheet twice."))
        else:
            wanted[programme].add(indicators[(instrument, number)])
            first_row.setdefault(programme, row)
    current = _current(masterplan)
    changed = {
        code: wanted.get(code, set())
        for code in set(current) | set(wanted)
        if current.get(code, set()) != wanted.get(code, set())
    }
    summary = _("SPBE indicators: %(count)d programmes change their tags.") % {
        "count": len(changed)
    }
    return SheetWork(summary, len(changed), _Plan(changed, first_row))


def _apply(masterplan: Masterplan, work: SheetWork, actor: Actor, add: AddError) -> None:
    plan: _Plan = work.plan
    programmes = {p.code: p for p in masterplan.programmes.all()}
    chosen = SpbeIndicator.objects.filter(
        pk__in={pk for wanted in plan.wanted.values() for pk in wanted}
    )
    indicators = {i.pk: i for i in chosen}
    for code, wanted in sorted(plan.wanted.items()):
        row = plan.rows.get(code, 0)
        programme = programmes.get(code)
        if programme is None:  # removed by the same file: its tags went with it
            continue
        try:
            spbe_services.set_programme_spbe_tags(
                programme, actor=actor, indicators=[indicators[pk] for pk in wanted]
            )
        except ValidationError as exc:
            for message in exc.messages:
                add(TITLE, row, "", f"{code}: {message}")
        except PermissionDenied:
            message = _("You may not change the SPBE indicators of %(code)s.") % {"code": code}
            add(TITLE, row, "programme", message)


def register() -> None:
    """Carry the tags in the masterplan's Excel file (``ready()``)."""
    register_sheets(
        SheetSet(
            key="spbe",
            sheets=_sheets,
            lists=_lists,
            export=_export,
            check=_check,
            apply=_apply,
        )
    )
