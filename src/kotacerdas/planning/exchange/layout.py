"""The XLSX file's layout (sheet and column titles in one language) and what its rows may
name in a masterplan (dimensions, elements, agencies, programmes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kotacerdas.framework.models import Dimension, Element
from kotacerdas.lib.xlsx import CellError, Column, ListSpec
from kotacerdas.regions.models import Agency

from ..masterplans.models import Masterplan
from ..programmes.models import FundingLine, Programme
from ..strategy.models import Goal
from ..strategy.queries import numbered_goals


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

    def sheets(self) -> list[tuple[str, Sequence[Column]]]:
        return [
            (self.programmes, self.programme_columns),
            (self.supports, self.support_columns),
            (self.funding, self.funding_columns),
        ]

    def header(self, sheet: str, key: str) -> str:
        columns = {
            self.programmes: self.programme_columns,
            self.supports: self.support_columns,
            self.funding: self.funding_columns,
        }[sheet]
        return next(column.header for column in columns if column.key == key)


def layout() -> Layout:
    """The file's layout in the active language."""
    lists = {
        "dimensions": _("Dimensions"),
        "elements": _("Elements"),
        "agencies": _("Agencies"),
        "horizons": _("Horizons"),
        "statuses": _("Statuses"),
        "sources": _("Sources"),
    }
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
        element_codes = dict.fromkeys(code for _dimension, code in self.elements)
        values = {
            "dimensions": list(self.dimensions),
            "elements": list(element_codes),
            "agencies": list(self.agencies),
            "horizons": list(Programme.Horizon.values),
            "statuses": list(Programme.Status.values),
            "sources": list(FundingLine.Source.values),
        }
        return [ListSpec(names[key], values[key]) for key in names]


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
