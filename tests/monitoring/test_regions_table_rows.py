"""The regions table's body rows, built in Python by ``region_table_rows``: the same markup to
the byte as the template loop they replace, in both languages, every text escaped; and its
filter's remembered selects, the same as plain ones."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import get_format

from kotacerdas.monitoring import dashboard_presenters as present
from kotacerdas.monitoring.dashboard_forms import (
    KIND_CHOICES,
    SELECT,
    RegionTableForm,
    RememberedSelect,
)
from kotacerdas.monitoring.dashboards import Cell, RegionRow
from kotacerdas.monitoring.summary_models import MasterplanSummary
from kotacerdas.planning.models import Masterplan
from kotacerdas.regions.models import Region

from ..conftest import World
from ..planning.conftest import english
from .dashboard_data import many_regions, published_with_summary

HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;"

# The template markup the tag replaced, as it was.
OLD = (
    "{% load i18n monitoring monitoring_dashboards %}"
    '  {% for row, cells in rows %}<tr data-testid="region-row">\n'
    '    <th scope="row"><a href="{% url \'monitoring:dashboard_region\' code=row.region.code %}'
    '">{{ row.region.name }}</a></th>\n'
    "    <td>{{ row.region.province.name }}</td><td>{{ row.region.get_kind_display }}</td>\n"
    "    <td>{{ row.stage }}</td>\n"
    '    <td class="text-end" data-testid="rate">{{ row.reporting_rate|percent }}</td>\n'
    '    <td class="text-end">{{ row.score|percent }} {% if row.summary %}'
    "{% status_badge row.summary.status %}{% endif %}</td>\n"
    '    {% for text, heat in cells %}<td class="text-end {{ heat }}">{{ text }}</td>'
    "{% endfor %}\n"
    '    <td class="text-end text-body-secondary">–</td>\n'
    '  </tr>{% empty %}<tr><td colspan="{{ columns|length|add:7 }}" '
    'class="text-body-secondary">{% translate "No region matches." %}</td></tr>{% endfor %}'
)
NEW = (
    "{% load i18n monitoring monitoring_dashboards %}"
    "  {% if rows %}{% region_table_rows rows %}{% else %}"
    '<tr><td colspan="{{ columns|length|add:7 }}" class="text-body-secondary">'
    '{% translate "No region matches." %}</td></tr>{% endif %}'
)


class Column:
    def __init__(self, code: str) -> None:
        self.code = code


COLUMNS = [Column("D1"), Column("D2"), Column("D3")]


def _summary(score: str | None, status: str, reported: int, due: int) -> MasterplanSummary:
    return MasterplanSummary(
        year=2026,
        score=None if score is None else Decimal(score),
        status=status,
        reported_periods=reported,
        due_periods=due,
    )


def _rows() -> list[RegionRow]:
    province = Region(code="17", name=HOSTILE, kind=Region.Kind.PROVINCE)
    draft = Masterplan(pk=3, status=Masterplan.Status.DRAFT, title=HOSTILE)
    draft.has_programmes = True  # type: ignore[attr-defined]
    started = Masterplan(pk=4, status=Masterplan.Status.DRAFT)
    published = Masterplan(pk=5, status=Masterplan.Status.PUBLISHED)
    return [
        RegionRow(
            Region(code="17.71", name=HOSTILE, kind=Region.Kind.KOTA, province=province),
            published,
            _summary("12.55", "on_track", 1, 3),
            {"D1": Cell(Decimal("0.04"), "off_track"), "D3": Cell(Decimal("100"), "on_track")},
        ),
        RegionRow(
            Region(code="17.01", name="Kab. A & B", kind=Region.Kind.KABUPATEN, province=province),
            published,
            _summary(None, "", 0, 0),
            {"D2": Cell(Decimal("-0.05"), "at_risk"), "D1": Cell(Decimal("99.99"), "at_risk")},
        ),
        RegionRow(
            Region(code="17.02", name='"Quoted"', kind=Region.Kind.KABUPATEN),
            published,
            _summary("-5.30", "weird<status>", 2, 7),
        ),
        RegionRow(Region(code="17.03", name="Draft", kind=Region.Kind.KOTA), draft, None),
        RegionRow(Region(code="17.04", name="Started", kind=Region.Kind.KOTA), started, None),
        RegionRow(Region(code="17.05", name="None", kind=Region.Kind.KOTA), None, None),
        # A code reverse() would quote or the template escape: read the slow way, the same.
        RegionRow(Region(code='1&"<x', name="Odd code", kind=Region.Kind.KOTA), None, None),
        RegionRow(Region(code="1 ü", name="Odd code", kind=Region.Kind.KOTA), None, None),
    ]


def _render(markup: str, rows: list[RegionRow]) -> str:
    separator = str(get_format("DECIMAL_SEPARATOR", use_l10n=True))
    pairs = [(row, present.heat_cells(row, COLUMNS, separator)) for row in rows]  # type: ignore[arg-type]
    return Template(markup).render(Context({"rows": pairs, "columns": COLUMNS}))


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_the_old_template_markup_to_the_byte(language: str) -> None:
    with translation.override(language):
        rows = _rows()
        old, new = _render(OLD, rows), _render(NEW, rows)
        assert new == old
        assert new.count('data-testid="region-row"') == len(rows)
        assert HOSTILE not in new
        assert f">{ESCAPED}</a>" in new and f"<td>{ESCAPED}</td>" in new
        assert "Kab. A &amp; B" in new and "&quot;Quoted&quot;" in new
        assert "weird&lt;status&gt;" in new
        assert _render(NEW, []) == _render(OLD, [])  # no region: the one empty row


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_write_figures_as_the_percent_filter(language: str) -> None:
    with translation.override(language):
        html = _render(NEW, _rows())
    comma = language == "id"
    assert ("33,3 %" if comma else "33.3 %") in html  # 1 of 3 periods reported
    assert ("12,5 %" if comma else "12.5 %") in html  # cut, not rounded, as the filter
    assert ("-5,3 %" if comma else "-5.3 %") in html
    assert ("0,0 %" if comma else "0.0 %") in html  # below 0.1 in either direction
    expected = "Drafting: programmes" if language == "en" else None
    if expected:
        assert expected in html


def test_a_hostile_region_name_shows_as_text_on_the_national_and_province_pages(
    world: World,
) -> None:
    published_with_summary(world)
    many_regions(world, 3)
    Region.objects.filter(pk=world.region.pk).update(name=HOSTILE)
    client = english(world, "national_admin")
    for url in (
        reverse("monitoring:dashboard_national"),
        reverse("monitoring:dashboard_province", kwargs={"code": "17"}),
    ):
        html = client.get(url).content.decode()
        assert HOSTILE not in html
        assert f">{ESCAPED}</a></th>" in html
        link = reverse("monitoring:dashboard_region", kwargs={"code": world.region.code})
        assert f'<a href="{link}">{ESCAPED}</a>' in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_remembered_select_renders_as_a_select_whatever_changes(language: str) -> None:
    """The filter's selects are remembered per name, value, attributes, choices and
    language: each change renders anew, as a plain select would."""

    def both(choices: list[tuple[str, str]], value: str, **attrs: object) -> tuple[str, str]:
        remembered = RememberedSelect(SELECT, choices=choices)
        plain = forms.Select(SELECT, choices=choices)
        return (
            remembered.render("province", value, {"id": "id_province", **attrs}),
            plain.render("province", value, {"id": "id_province", **attrs}),
        )

    first = [("", "All"), ("17", "Bengkulu"), ("13", HOSTILE)]
    renamed = [("", "All"), ("17", "Bengkulu & co"), ("13", HOSTILE)]
    with translation.override(language):
        seen = set()
        for choices, value, attrs in [
            (first, "", {}),
            (first, "17", {}),
            (first, "17", {}),  # remembered
            (renamed, "17", {}),
            (first, "13", {"disabled": True}),
            (first, "<x>", {}),
        ]:
            remembered, plain = both(choices, value, **attrs)
            assert remembered == plain
            assert HOSTILE not in remembered
            seen.add(remembered)
        assert len(seen) == 5
        kinds = RegionTableForm(None)["kind"]
        html = kinds.as_widget()
        assert html == kinds.as_widget(widget=forms.Select(SELECT, choices=KIND_CHOICES))
        assert str(dict(KIND_CHOICES)[""]) in html  # in the active language
