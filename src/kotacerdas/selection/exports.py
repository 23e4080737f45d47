"""The ranking as CSV (streamed) and XLSX, from the same rows the ranking page shows.

Both are written by ``lib.xlsx``, so every text is exported as text, never as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.lib.xlsx import csv_lines, write_table

from .models import Campaign, CampaignCriterion
from .queries import Row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header(criteria: Sequence[CampaignCriterion]) -> list[str]:
    columns = [
        _("Rank"),
        _("Region code"),
        _("Region"),
        _("Province"),
        _("Kind"),
        _("Status"),
        _("Self-assessed readiness"),
        _("Verified readiness"),
    ]
    for criterion in criteria:
        columns += [criterion.code, _("%(code)s score") % {"code": criterion.code}]
    return [*columns, _("Total"), _("Selected")]


def cells(row: Row) -> list[Any]:
    values: list[Any] = [
        row.rank,
        row.region_code,
        row.region_name,
        row.province_name,
        row.kind_label,
        row.status_label,
        row.self_score,
        row.verified_score,
    ]
    for cell in row.criteria:
        values += [cell.value, cell.score]
    return [*values, row.total, _("yes") if row.selected else _("no")]


def _filename(campaign: Campaign, suffix: str) -> str:
    return f"ranking-{slugify(campaign.name) or campaign.pk}-{campaign.year}.{suffix}"


def ranking_csv(
    campaign: Campaign, criteria: Sequence[CampaignCriterion], rows: Sequence[Row]
) -> StreamingHttpResponse:
    lines = csv_lines(header(criteria), (cells(row) for row in rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, "csv")}"'
    return response


def ranking_xlsx(
    campaign: Campaign, criteria: Sequence[CampaignCriterion], rows: Sequence[Row]
) -> HttpResponse:
    data = write_table(_("Ranking")[:31], header(criteria), (cells(row) for row in rows))
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, "xlsx")}"'
    return response
