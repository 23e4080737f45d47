"""The ranking as CSV (streamed) and XLSX, from the same rows the ranking page shows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import CampaignCriterion
from .queries import Row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


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
        row.kind,
        row.status,
        row.self_score,
        row.verified_score,
    ]
    for cell in row.criteria:
        values += [cell.value, cell.score]
    return [*values, row.total, _("yes") if row.selected else _("no")]


def _filename(campaign: Any, suffix: str) -> str:
    return f"ranking-{slugify(campaign.name) or campaign.pk}-{campaign.year}.{suffix}"


def ranking_csv(
    campaign: Any, criteria: Sequence[CampaignCriterion], rows: Sequence[Row]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # so that spreadsheet programs read UTF-8
        yield writer.writerow(header(criteria))
        for row in rows:
            yield writer.writerow(cells(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, "csv")}"'
    return response


def ranking_xlsx(
    campaign: Any, criteria: Sequence[CampaignCriterion], rows: Sequence[Row]
) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Ranking")[:31])
    sheet.append(header(criteria))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, "xlsx")}"'
    return response
