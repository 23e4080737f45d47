"""Indicators in the masterplan's versions and in its check before submitting.

Planning does not know monitoring: ``MonitoringConfig.ready()`` registers, through
``planning.review.sections``, an "Indicators" section of the snapshot (each indicator with its
targets, one query), the gap "Programmes without an indicator" (one query), and a listener
that computes the dashboards' summaries when a masterplan is published (drops them when it
is reopened), instead of "not computed yet" until the first report.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.planning.models import Masterplan
from kotacerdas.planning.review.sections import (
    Rows,
    register_gap_check,
    register_section,
    register_status_listener,
)

from .models import Indicator
from .summaries import refresh_every_year

SECTION = "indicators"


def number(value: Decimal | None) -> str | None:
    """A decimal as its shortest exact text ("12.5", "100"); ``None`` stays ``None``."""
    if value is None:
        return None
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def target_label(year: int, quarter: int | None, value: Decimal) -> str:
    """One target as the comparison lists it: "2027: 80" or "2027 Q2: 40"."""
    return f"{year}{f' Q{quarter}' if quarter else ''}: {number(value)}"


def indicator_rows(masterplan: Masterplan) -> Rows:
    """Every indicator of the masterplan with its targets, in one query: the snapshot's
    "indicators" section, keyed by the indicator's id."""
    rows = (
        Indicator.objects.filter(masterplan=masterplan)
        .order_by("code", "pk")
        .values(
            "pk",
            "code",
            "name",
            "level",
            "programme__code",
            "programme__name",
            "dimension__code",
            "definition",
            "unit",
            "direction",
            "range_min",
            "range_max",
            "baseline_value",
            "baseline_year",
            "data_source",
            "responsible_agency__name",
            "frequency",
            "tags",
            "targets__year",
            "targets__quarter",
            "targets__value",
        )
    )
    section: Rows = {}
    targets: dict[str, list[tuple[int, int, str]]] = {}
    for row in rows:
        key = str(row["pk"])
        if key not in section:
            programme = f"{row['programme__code'] or ''} {row['programme__name'] or ''}".strip()
            section[key] = {
                "code": row["code"],
                "name": row["name"],
                "level": row["level"],
                "programme": programme,
                "dimension": row["dimension__code"] or "",
                "definition": row["definition"],
                "unit": row["unit"],
                "direction": row["direction"],
                "range_min": number(row["range_min"]),
                "range_max": number(row["range_max"]),
                "baseline_value": number(row["baseline_value"]),
                "baseline_year": row["baseline_year"],
                "data_source": row["data_source"],
                "responsible_agency": row["responsible_agency__name"] or "",
                "frequency": row["frequency"],
                "tags": sorted(row["tags"] or []),
            }
            targets[key] = []
        if row["targets__year"] is not None:
            quarter = row["targets__quarter"]
            label = target_label(row["targets__year"], quarter, row["targets__value"])
            targets[key].append((row["targets__year"], quarter or 0, label))
    for key, found in targets.items():
        section[key]["targets"] = [label for _year, _quarter, label in sorted(found)]
    return section


def programmes_without_indicator(masterplan: Masterplan) -> list[tuple[str, str]]:
    """Each programme no indicator measures, with the page that adds one (one query)."""
    measured = Indicator.objects.filter(programme=OuterRef("pk"))
    rows = (
        masterplan.programmes.filter(~Exists(measured))
        .order_by("code", "pk")
        .values_list("pk", "code", "name")
    )
    create = reverse("monitoring:indicator_create", args=[masterplan.pk])
    return [(f"{code} {name}", f"{create}?programme={pk}") for pk, code, name in rows]


def _indicator_list(masterplan: Masterplan) -> str:
    return reverse("monitoring:indicator_list", args=[masterplan.pk])


FIELD_LABELS: dict[str, Any] = {
    "programme": _("programme"),
    "dimension": _("dimension"),
    "responsible_agency": _("responsible agency"),
    "targets": _("targets"),
}


def register() -> None:
    """Hang the indicators on planning's versions and submit check, and compute the
    dashboards' summaries as soon as a masterplan is published (``ready()``)."""
    register_section(
        SECTION,
        _("Indicators"),
        indicator_rows,
        model=Indicator,
        field_labels=FIELD_LABELS,
    )
    register_gap_check(
        "indicator",
        _("Programmes without an indicator"),
        programmes_without_indicator,
        _indicator_list,
    )
    register_status_listener("monitoring", refresh_every_year)
