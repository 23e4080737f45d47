"""The open-data tables of a published masterplan, their data dictionary and their files.

Each table is a ``Table``: its stable name (the file name in the URL), titles and fields in
Indonesian and English, and a function that reads its rows from a published masterplan
through ``portal.queries`` (only published and verified data). CSV goes through
``lib.xlsx.csv_lines`` (text is text: a cell starting with ``=``, ``+``, ``-`` or ``@`` is
prefixed); JSON carries the same rows as objects, numbers as exact decimal strings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from kotacerdas.lib.xlsx import csv_lines
from kotacerdas.monitoring.queries import indicator_status, thresholds_of
from kotacerdas.planning.models import Masterplan

from . import queries

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"


@dataclass(frozen=True)
class Field:
    """One column of an open-data table, described in both languages."""

    name: str
    type: str  # string, integer, number, boolean, date
    unit: str
    meaning_id: str
    meaning_en: str

    @property
    def meaning(self) -> str:
        return self.meaning_en if (get_language() or "id")[:2] == "en" else self.meaning_id


@dataclass(frozen=True)
class Table:
    """A published table: its URL name, titles, fields and rows."""

    name: str
    title_id: str
    title_en: str
    description_id: str
    description_en: str
    fields: tuple[Field, ...]
    rows: Callable[[Masterplan], list[list[Any]]]

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "id")[:2] == "en" else self.title_id

    @property
    def description(self) -> str:
        en = (get_language() or "id")[:2] == "en"
        return self.description_en if en else self.description_id

    @property
    def header(self) -> list[str]:
        return [f.name for f in self.fields]


REGION = Field("region_code", "string", "", "Kode wilayah Kemendagri", "Kemendagri region code")
PROGRAMME = Field("programme_code", "string", "", "Kode program", "Programme code")


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize() if value == value.to_integral() else value, "f")
    return value


def _programme_rows(masterplan: Masterplan) -> list[list[Any]]:
    code = masterplan.region.code
    return [
        [
            code,
            p.code,
            p.name,
            p.dimension.code,
            p.dimension.name,
            p.element.name if p.element else "",
            p.horizon,
            p.start_year,
            p.end_year,
            p.lead_agency.name if p.lead_agency else "",
            "; ".join(p.supporting),  # type: ignore[attr-defined]
            "; ".join(p.partner_names),  # type: ignore[attr-defined]
            p.is_quick_win,
            p.funding_total,  # type: ignore[attr-defined]
        ]
        for p in queries.programmes_of(masterplan)
    ]


def _funding_rows(masterplan: Masterplan) -> list[list[Any]]:
    code = masterplan.region.code
    return [
        [code, p.code, line.year, line.source, line.get_source_display(), line.amount]
        for p in queries.programmes_of(masterplan)
        for line in p.funding_lines  # type: ignore[attr-defined]
    ]


def _quick_win_rows(masterplan: Masterplan) -> list[list[Any]]:
    code = masterplan.region.code
    return [
        [
            code,
            p.code,
            p.name,
            p.dimension.code,
            p.lead_agency.name if p.lead_agency else "",
            p.start_year,
            p.end_year,
            p.months_to_first_result,
        ]
        for p in queries.programmes_of(masterplan)
        if p.is_quick_win
    ]


def _indicator_rows(masterplan: Masterplan, today: dt.date | None = None) -> list[list[Any]]:
    """One row per indicator and year of the period: the year's target, its latest verified
    realisation and the status that gives."""
    today = today or timezone.localdate()
    thresholds = thresholds_of(masterplan)
    code = masterplan.region.code
    rows: list[list[Any]] = []
    for ind in queries.published_indicator_list(masterplan):
        targets: dict[int, list[Any]] = defaultdict(list)
        for t in ind.targets.all():
            targets[t.year].append(t)
        verified: dict[int, list[Any]] = defaultdict(list)
        for r in ind.verified:  # type: ignore[attr-defined]
            verified[r.year].append(r)
        described = [
            code,
            ind.code,
            ind.name,
            ind.level,
            ind.programme.code if ind.programme else "",
            ind.dimension.code if ind.dimension else "",
            ind.unit,
            ind.direction,
            ind.baseline_value,
            ind.baseline_year,
        ]
        for year in masterplan.period:
            status = indicator_status(ind, year, targets[year], verified[year], thresholds, today)
            rows.append(
                [
                    *described,
                    year,
                    status.target,
                    status.realisation.value if status.realisation else None,
                    status.period_label if status.realisation else "",
                    str(status.status),
                ]
            )
    return rows


TABLES: tuple[Table, ...] = (
    Table(
        "programmes",
        "Program prioritas",
        "Priority programmes",
        "Program prioritas masterplan smart city yang dipublikasikan: dimensi, jangka waktu, "
        "perangkat daerah pengampu dan pendukung, mitra, dan total pendanaan.",
        "The published smart city masterplan's priority programmes: dimension, years, lead "
        "and supporting agencies, partners and total funding.",
        (
            REGION,
            PROGRAMME,
            Field("name", "string", "", "Nama program", "Programme name"),
            Field("dimension_code", "string", "", "Kode dimensi", "Dimension code"),
            Field("dimension", "string", "", "Dimensi smart city", "Smart city dimension"),
            Field("element", "string", "", "Elemen dimensi", "Element of the dimension"),
            Field(
                "horizon",
                "string",
                "",
                "Jangka: quick_win, short, medium, long",
                "Horizon: quick_win, short, medium, long",
            ),
            Field("start_year", "integer", "tahun/year", "Tahun mulai", "First year"),
            Field("end_year", "integer", "tahun/year", "Tahun selesai", "Last year"),
            Field("lead_agency", "string", "", "Perangkat daerah pengampu", "Lead agency"),
            Field(
                "supporting_agencies",
                "string",
                "",
                "Perangkat daerah pendukung, dipisah titik koma",
                "Supporting agencies, separated by semicolons",
            ),
            Field("partners", "string", "", "Mitra pentahelix, dipisah titik koma", "Partners"),
            Field("is_quick_win", "boolean", "", "Dipilih sebagai quick win", "Quick win"),
            Field(
                "funding_total",
                "number",
                "Rp",
                "Total pendanaan seluruh sumber dan tahun",
                "Total funding over all sources and years",
            ),
        ),
        _programme_rows,
    ),
    Table(
        "funding",
        "Pendanaan program",
        "Programme funding",
        "Pendanaan program per tahun dan sumber (APBD, APBN, DAK, KPBU, CSR, ...).",
        "Programme funding per year and source (APBD, APBN, DAK, KPBU, CSR, ...).",
        (
            REGION,
            PROGRAMME,
            Field("year", "integer", "tahun/year", "Tahun anggaran", "Budget year"),
            Field("source_code", "string", "", "Kode sumber dana", "Funding source code"),
            Field("source", "string", "", "Sumber dana", "Funding source"),
            Field("amount", "number", "Rp", "Jumlah", "Amount"),
        ),
        _funding_rows,
    ),
    Table(
        "indicators",
        "Indikator, target dan realisasi",
        "Indicators, targets and realisations",
        "Indikator kinerja per tahun: target, realisasi terverifikasi terakhir dan statusnya. "
        "Realisasi yang belum diverifikasi tidak dipublikasikan.",
        "Performance indicators per year: target, latest verified realisation and its "
        "status. Realisations not yet verified are not published.",
        (
            REGION,
            Field("indicator_code", "string", "", "Kode indikator", "Indicator code"),
            Field("indicator", "string", "", "Nama indikator", "Indicator name"),
            Field("level", "string", "", "Tingkat: output, outcome, impact", "Level"),
            PROGRAMME,
            Field(
                "dimension_code",
                "string",
                "",
                "Kode dimensi (indikator dampak)",
                "Dimension code (impact indicators)",
            ),
            Field("unit", "string", "", "Satuan nilai", "Unit of the values"),
            Field(
                "direction",
                "string",
                "",
                "Arah: higher, lower, range",
                "Direction: higher, lower, range",
            ),
            Field("baseline", "number", "satuan/unit", "Nilai dasar", "Baseline value"),
            Field("baseline_year", "integer", "tahun/year", "Tahun dasar", "Baseline year"),
            Field("year", "integer", "tahun/year", "Tahun", "Year"),
            Field("target", "number", "satuan/unit", "Target tahun ini", "Target of the year"),
            Field(
                "realisation",
                "number",
                "satuan/unit",
                "Realisasi terverifikasi terakhir tahun ini",
                "Latest verified realisation of the year",
            ),
            Field("period", "string", "", "Periode realisasi", "Period of the realisation"),
            Field(
                "status",
                "string",
                "",
                "on_track, at_risk, off_track, not_reported, no_target",
                "on_track, at_risk, off_track, not_reported, no_target",
            ),
        ),
        _indicator_rows,
    ),
    Table(
        "quick-wins",
        "Quick win",
        "Quick wins",
        "Program yang dipilih sebagai quick win (hasil dalam 1-2 tahun).",
        "Programmes chosen as quick wins (results within 1-2 years).",
        (
            REGION,
            PROGRAMME,
            Field("name", "string", "", "Nama program", "Programme name"),
            Field("dimension_code", "string", "", "Kode dimensi", "Dimension code"),
            Field("lead_agency", "string", "", "Perangkat daerah pengampu", "Lead agency"),
            Field("start_year", "integer", "tahun/year", "Tahun mulai", "First year"),
            Field("end_year", "integer", "tahun/year", "Tahun selesai", "Last year"),
            Field(
                "months_to_first_result",
                "integer",
                "bulan/months",
                "Bulan sampai hasil pertama",
                "Months to the first result",
            ),
        ),
        _quick_win_rows,
    ),
)
BY_NAME = {t.name: t for t in TABLES}


def table_named(name: str) -> Table | None:
    return BY_NAME.get(name)


def csv_of(table: Table, masterplan: Masterplan) -> Iterator[str]:
    rows = table.rows(masterplan)
    return csv_lines(table.header, ([_text(v) for v in row] for row in rows))


def json_of(table: Table, masterplan: Masterplan) -> dict[str, Any]:
    rows = table.rows(masterplan)
    return {
        "table": table.name,
        "title": {"id": table.title_id, "en": table.title_en},
        "region": {"code": masterplan.region.code, "name": masterplan.region.name},
        "masterplan": {
            "title": masterplan.title,
            "start_year": masterplan.start_year,
            "end_year": masterplan.end_year,
        },
        "licence": LICENCE_URL,
        "fields": dictionary_of(table),
        "rows": [dict(zip(table.header, map(_json_value, row), strict=True)) for row in rows],
    }


def _json_value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def dictionary_of(table: Table) -> list[dict[str, str]]:
    return [
        {
            "field": f.name,
            "type": f.type,
            "unit": f.unit,
            "meaning_id": f.meaning_id,
            "meaning_en": f.meaning_en,
        }
        for f in table.fields
    ]


def dictionary() -> list[dict[str, Any]]:
    """The data dictionary of every table (both languages)."""
    return [
        {
            "table": t.name,
            "title_id": t.title_id,
            "title_en": t.title_en,
            "description_id": t.description_id,
            "description_en": t.description_en,
            "fields": dictionary_of(t),
        }
        for t in TABLES
    ]


def tables() -> Sequence[Table]:
    return TABLES
