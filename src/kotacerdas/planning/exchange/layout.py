"""The XLSX file's layout (sheet and column titles in one language) and what its rows may
name in a masterplan (dimensions, elements, agencies, programmes), with the drop-downs that
show labels in the reader's language and read back codes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from kotacerdas.framework.models import Dimension, Element
from kotacerdas.lib.xlsx import CellError, Column, ListSpec, labelled_list
from kotacerdas.regions.models import Agency

from ..masterplans.models import Masterplan
from ..programmes.models import FundingLine, Programme
from ..strategy.models import Goal
from ..strategy.queries import numbered_goals
from .sheets import sheet_sets


@dataclass(frozen=True)
class Layout:
    """Sheet and column titles in one language (files are read in any supported language)."""

    programmes: str
    supports: str
    funding: str
    programme_columns: tuple[Column, ...]
    support_columns: tuple[Column, ...]
    funding_columns: tuple[Column, ...]
    lists: dict[str, str]  # list key → list sheet title
    # The sheets other apps register (``sheets.register_sheets``), after planning's own.
    extras: tuple[tuple[str, Sequence[Column]], ...] = ()

    def sheets(self) -> list[tuple[str, Sequence[Column]]]:
        return [
            (self.programmes, self.programme_columns),
            (self.supports, self.support_columns),
            (self.funding, self.funding_columns),
            *self.extras,
        ]

    def header(self, sheet: str, key: str) -> str:
        columns = dict(self.sheets()).get(sheet, ())
        return next((column.header for column in columns if column.key == key), key)


def list_titles() -> dict[str, str]:
    """The drop-down lists' sheet titles in the active language (a registered sheet's column
    may name the dimensions or agencies list)."""
    return {
        "dimensions": _("Dimensions"),
        "elements": _("Elements"),
        "agencies": _("Agencies"),
        "horizons": _("Horizons"),
        "statuses": _("Statuses"),
        "sources": _("Sources"),
    }


def layout() -> Layout:
    """The file's layout in the active language."""
    lists = list_titles()
    programme_columns = (
        Column("id", _("ID (do not change)"), "int", width=10),
        Column("version", _("Version (do not change)"), "int", width=10),
        Column("code", _("Code"), "text", required=True, width=12),
        Column("name", _("Name"), "text", required=True, width=40),
        Column("dimension", _("Dimension"), "choice", True, lists["dimensions"], 18),
        Column("element", _("Element"), "choice", False, lists["elements"], 22),
        Column("problem", _("Problem addressed"), "text", width=40),
        Column("description", _("Description"), "text", width=40),
        Column("innovation", _("Innovation"), "text", width=30),
        Column("horizon", _("Horizon"), "choice", True, lists["horizons"], 14),
        Column("start_year", _("First year"), "year", required=True, width=10),
        Column("end_year", _("Last year"), "year", required=True, width=10),
        Column("lead_agency", _("Lead agency"), "choice", False, lists["agencies"], 18),
        Column("status", _("Status"), "choice", False, lists["statuses"], 12),
        Column("rpjmd_code", _("RPJMD/Renstra programme code"), "text", width=20),
        Column("months_to_first_result", _("Months to first result"), "int", width=12),
        Column("goals", _("Goals served (numbers, e.g. 1.2; 2.1)"), "text", width=18),
    )
    support_columns = (
        Column("programme", _("Programme code"), "text", required=True, width=14),
        Column("agency", _("Supporting agency"), "choice", True, lists["agencies"], 18),
        Column("role", _("Role"), "text", width=40),
    )
    funding_columns = (
        Column("programme", _("Programme code"), "text", required=True, width=14),
        Column("source", _("Source"), "choice", True, lists["sources"], 14),
        Column("year", _("Year"), "year", required=True, width=10),
        Column("amount", _("Amount (Rp)"), "amount", required=True, width=20),
    )
    return Layout(
        programmes=_("Programmes"),
        supports=_("Supporting agencies"),
        funding=_("Funding"),
        programme_columns=programme_columns,
        support_columns=support_columns,
        funding_columns=funding_columns,
        lists=lists,
        extras=tuple(sheet for extra in sheet_sets() for sheet in extra.sheets()),
    )


# --- what the masterplan offers ---------------------------------------------------------------


@dataclass
class Catalogue:
    """Everything a row may refer to, loaded once (a fixed number of queries)."""

    dimensions: dict[str, Dimension]
    elements: dict[tuple[int, str], Element]
    agencies: dict[str, Agency]
    programmes: dict[int, Programme]
    goals: dict[str, Goal] = field(default_factory=dict)  # number ("2.1") → goal

    def goal_numbers(self, programme: Programme) -> str:
        """The goals a programme serves as the file writes them: "1.2; 2.1"."""
        numbers = {goal.pk: number for number, goal in self.goals.items()}
        found = [numbers[g.pk] for g in programme.goals.all() if g.pk in numbers]
        return "; ".join(sorted(found, key=_number_order))

    @classmethod
    def of(cls, masterplan: Masterplan) -> Catalogue:
        dimensions = Dimension.objects.filter(framework_id=masterplan.framework_id)
        elements = Element.objects.filter(dimension__framework_id=masterplan.framework_id)
        agencies = Agency.objects.filter(region_id=masterplan.region_id).active()
        programmes = (
            Programme.objects.filter(masterplan=masterplan)
            .select_related("dimension", "element", "lead_agency")
            .prefetch_related("supports__agency", "funding", "goals")
            .order_by("code")
        )
        catalogue = cls(
            dimensions={d.code: d for d in dimensions.order_by("position")},
            elements={(e.dimension_id, e.code): e for e in elements.order_by("position")},
            agencies={a.code: a for a in agencies.order_by("code")},
            programmes={p.pk: p for p in programmes},
            goals=dict(numbered_goals(masterplan)),
        )
        for programme in catalogue.programmes.values():
            programme.masterplan = masterplan  # the permission rules read it
        return catalogue

    def lists(self, names: Mapping[str, str]) -> list[ListSpec]:
        """The drop-downs: dimensions, horizons, statuses and sources by their labels in the
        active language (read back from a label in any language or the code); elements and
        agencies by their codes."""
        element_codes = dict.fromkeys(code for _dimension, code in self.elements)
        dimensions = [(code, _name_of(d)) for code, d in self.dimensions.items()]
        lists = {
            "dimensions": labelled_list(names["dimensions"], dimensions),
            "elements": ListSpec(names["elements"], list(element_codes)),
            "agencies": ListSpec(names["agencies"], list(self.agencies)),
            "horizons": labelled_list(names["horizons"], _labels(Programme.Horizon)),
            "statuses": labelled_list(names["statuses"], _labels(Programme.Status)),
            "sources": labelled_list(names["sources"], _labels(FundingLine.Source)),
        }
        return [lists[key] for key in names]


def _labels(choices: type[models.TextChoices]) -> list[tuple[str, Callable[[], str]]]:
    return [(str(choice.value), _label_of(choice)) for choice in choices]


def _label_of(choice: models.TextChoices) -> Callable[[], str]:
    return lambda: str(choice.label)


def _name_of(dimension: Dimension) -> Callable[[], str]:
    return lambda: dimension.name


def _number_order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


class Check:
    """Collects errors in the file's own sheet and column names."""

    def __init__(self, names: Layout, errors: list[CellError]) -> None:
        self.names = names
        self.errors = errors

    def add(self, sheet: str, row: int, key: str, message: str) -> None:
        header = self.names.header(sheet, key) if key else ""
        self.errors.append(CellError(sheet, row, header, message))
