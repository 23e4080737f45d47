"""The region dashboard's and the report card's long lists: the rows the template tags write
are the rows the template markup wrote (hostile names, both languages), and the figures the
region dashboard reads as plain columns are those the full models gave."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from kotacerdas.monitoring import dashboard_presenters as present
from kotacerdas.monitoring import dashboards, summaries
from kotacerdas.monitoring.dashboards import IndicatorChoice, IndicatorRow, Trend, TrendPoint
from kotacerdas.monitoring.models import Indicator
from kotacerdas.monitoring.summary_models import IndicatorSummary
from kotacerdas.regions.models import Agency

from ..conftest import World
from .dashboard_data import TODAY, published_with_summary
from .factories import indicator, realisation, target

HOSTILE = "<script>alert(\"x\")</script> & 'q'"

# The markup the templates held before these rows were written by tags, verbatim.
OLD_OPTIONS = (
    '{% for row in board.indicators %}<option value="{{ row.indicator.pk }}"'
    "{% if board.trend and row.indicator.pk == board.trend.indicator.pk %} selected{% endif %}>"
    "{{ row.indicator.code }} {{ row.indicator.name }}</option>{% endfor %}"
)
OLD_TREND = (
    '{% for p in board.trend.points %}<tr><td>{{ p.label }}</td><td class="text-end">'
    '{{ p.target|number }}</td><td class="text-end">{{ p.value|number }}</td><td>'
    "{{ quality_labels|label:p.quality }}</td><td>{{ state_labels|label:p.state }}</td></tr>"
    "{% endfor %}"
)
OLD_ATTENTION = """{% for row in board.off_track %}<tr>
      <td><a href="{% url 'monitoring:indicator_detail' pk=row.indicator.pk %}" title="{% translate 'What this status is based on' %}">{{ row.indicator.code }} {{ row.indicator.name }}</a></td>
      <td>{{ row.indicator.responsible_agency|default:_("— none —") }}</td><td>{{ row.summary.period|default:row.summary.year }}</td>
      <td class="text-end">{{ row.summary.target|number }} {{ row.indicator.unit }}</td>
      <td class="text-end">{{ row.summary.value|number }}{% if row.summary.quality %} <span class="small text-body-secondary">({{ quality_labels|label:row.summary.quality|lower }})</span>{% endif %}</td>
      <td class="text-end">{{ row.summary.achievement|percent }}</td><td>{% status_badge row.status %}</td></tr>
    {% endfor %}"""  # noqa: E501
OLD_CARD = """{% for row in card.indicators %}<tr>
      <td><a href="{% url 'monitoring:indicator_detail' pk=row.indicator.pk %}">{{ row.indicator.code }} {{ row.indicator.name }}</a></td><td>{{ row.indicator.get_frequency_display }}</td>
      <td>{{ row.summary.period|default:"–" }}</td><td class="text-end">{{ row.summary.target|number }}</td><td class="text-end">{{ row.summary.value|number }}</td>
      <td class="text-end">{% if row.summary %}{{ row.summary.reported_periods }}/{{ row.summary.due_periods }}{% else %}–{% endif %}</td>
      <td>{% status_badge row.status %}</td></tr>
    {% endfor %}"""  # noqa: E501


def _render(markup: str, **context: Any) -> str:
    labels = {
        "quality_labels": present.quality_labels(),
        "state_labels": present.state_labels(),
    }
    source = "{% load i18n monitoring monitoring_dashboards %}" + markup
    return Template(source).render(Context({**labels, **context}))


def _rows() -> list[IndicatorRow]:
    """Indicators with hostile texts, with and without an agency, a quality, a period."""
    agency = Agency(pk=7, name=HOSTILE, acronym='A&"B')
    rows = []
    for pk, quality, period, who in (
        (11, "estimated", "2026 Q1", agency),
        (12, "", "", None),
        (1234567, "measured", "", agency),
    ):
        ind = Indicator(
            pk=pk,
            code=f"K<{pk}>&",
            name=HOSTILE,
            unit='"%&',
            frequency="quarterly",
            direction="higher",
            responsible_agency=who,
        )
        summary = IndicatorSummary(
            indicator=ind,
            year=2026,
            period=period,
            status="off_track" if who else "not_reported",
            target=Decimal("1250.5000"),
            value=None if pk == 12 else Decimal("3.2500"),
            quality=quality,
            achievement=Decimal("12.50") if who else None,
            due=True,
            due_periods=3,
            reported_periods=1,
        )
        rows.append(IndicatorRow(ind, summary))
    return rows


@pytest.fixture(params=["id", "en"])
def language(request: pytest.FixtureRequest) -> Any:
    with translation.override(request.param):
        yield request.param


@pytest.mark.django_db
def test_attention_rows_are_the_rows_the_template_wrote(language: str) -> None:
    rows = _rows()
    old = _render(OLD_ATTENTION, board={"off_track": rows})
    new = _render("{% attention_rows rows quality_labels %}", rows=rows)
    assert new == old
    assert HOSTILE not in new and "&lt;script&gt;" in new
    assert ("— belum ada —" if language == "id" else "— none —") in new
    assert ("1.250,5" if language == "id" else "1,250.5") in new


@pytest.mark.django_db
def test_card_indicator_rows_are_the_rows_the_template_wrote(language: str) -> None:
    rows = _rows()
    rows.append(IndicatorRow(rows[0].indicator, None))  # not counted yet
    old = _render(OLD_CARD, card={"indicators": rows})
    new = _render("{% card_indicator_rows rows %}", rows=rows)
    assert new == old
    assert HOSTILE not in new and "&lt;script&gt;" in new
    assert ("Triwulanan" if language == "id" else "Quarterly") in new


@pytest.mark.parametrize("chosen", [None, 12])
def test_indicator_options_are_the_options_the_template_wrote(language: str, chosen: Any) -> None:
    rows = _rows()
    trend = Trend(rows[1].indicator, []) if chosen else None
    old = _render(OLD_OPTIONS, board={"indicators": rows, "trend": trend})
    choices = [IndicatorChoice(r.indicator.pk, r.indicator.code, r.indicator.name) for r in rows]
    new = _render("{% indicator_options choices trend %}", choices=choices, trend=trend)
    assert new == old
    assert HOSTILE not in new
    assert (" selected>K&lt;12&gt;&amp;" in new) is bool(chosen)


def test_trend_rows_are_the_rows_the_template_wrote(language: str) -> None:
    points = [
        TrendPoint(HOSTILE, Decimal("1250.5000"), Decimal("3"), "modelled", "verified"),
        TrendPoint("2026 Q2", None, None, "", ""),
        TrendPoint("2026 Q3", Decimal("0.1250"), Decimal("-2.5"), HOSTILE, HOSTILE),
    ]
    trend = Trend(Indicator(pk=1), points)
    old = _render(OLD_TREND, board={"trend": trend})
    new = _render("{% trend_rows points quality_labels state_labels %}", points=points)
    assert new == old
    assert HOSTILE not in new and "&lt;script&gt;" in new


# --- the figures read as columns --------------------------------------------------------------


def _mixed(world: World) -> tuple[Any, list[Indicator]]:
    """Off track (agency A), on track and without a target (agency B), not reported while
    due (no agency), and one not counted yet (no summary row)."""
    plan = published_with_summary(world, name=HOSTILE)
    prog = plan.programmes.get()
    on = indicator(plan, prog, "IK02", world.agency_b, frequency="quarterly")
    target(on, 2026, 50)
    realisation(on, 2026, 90, sub=1, state="verified")
    late = indicator(plan, prog, "IK03", None, frequency="quarterly")
    target(late, 2026, 80)
    bare = indicator(plan, prog, "IK04", world.agency_b, frequency="quarterly")
    summaries.refresh_masterplan(plan, TODAY)
    new = indicator(plan, prog, "IK00", world.agency_a)  # after the refresh: no summary row
    return plan, [on, late, bare, new]


@pytest.mark.django_db
def test_the_columns_give_the_figures_the_full_models_gave(world: World) -> None:
    plan, _made = _mixed(world)
    full = dashboards.indicator_rows(plan)
    board = dashboards.region_dashboard(world.region)
    thresholds = dashboards.thresholds_of(plan)
    expected = dashboards.agency_statuses(full, thresholds)
    assert board.agencies == expected
    # Decimal for Decimal, exponent included.
    assert [str(a.score) for a in board.agencies] == [str(a.score) for a in expected]
    assert [a.agency.name if a.agency else None for a in board.agencies] == [
        a.agency.name if a.agency else None for a in expected
    ]
    assert board.choices == [(r.indicator.pk, r.indicator.code, r.indicator.name) for r in full]
    attention = sorted(
        (r for r in full if r.needs_attention),
        key=lambda r: (["off_track", "not_reported"].index(r.status), r.indicator.code),
    )
    assert [r.indicator.code for r in board.off_track] == ["IK01", "IK03"]
    fields = ("status", "year", "period", "target", "value", "quality", "achievement", "due")
    assert [
        (r.indicator.pk, str(r.indicator.responsible_agency or ""), r.indicator.unit)
        + tuple(str(getattr(r.summary, f)) for f in fields)
        for r in board.off_track
    ] == [
        (r.indicator.pk, str(r.indicator.responsible_agency or ""), r.indicator.unit)
        + tuple(str(getattr(r.summary, f)) for f in fields)
        for r in attention
    ]


@pytest.mark.django_db
def test_the_trend_is_of_the_asked_else_the_worst_else_the_first(world: World) -> None:
    plan, (on, _late, _bare, _new) = _mixed(world)
    first_off = plan.indicators.get(code="IK01")
    assert dashboards.region_dashboard(world.region, on.pk).trend.indicator.pk == on.pk  # type: ignore[union-attr]
    assert dashboards.region_dashboard(world.region, 0).trend.indicator.pk == first_off.pk  # type: ignore[union-attr]
    assert dashboards.region_dashboard(world.region, with_trend=False).trend is None
    plan.indicators.exclude(pk=on.pk).delete()  # nothing needs attention: the first by code
    board = dashboards.region_dashboard(world.region)
    assert board.off_track == [] and board.trend is not None
    assert board.trend.indicator.pk == on.pk


@pytest.mark.django_db
def test_a_past_year_gives_the_same_figures_as_before(world: World) -> None:
    plan, (on, *_rest) = _mixed(world)
    board = dashboards.region_dashboard(world.region, on.pk, year=2025)
    rows = dashboards.year_rows(plan, 2025)
    full = sorted(
        (IndicatorRow(r.indicator, r) for r in rows.indicators), key=lambda r: r.indicator.code
    )
    assert board.agencies == dashboards.agency_statuses(full, dashboards.thresholds_of(plan))
    assert board.choices == [(r.indicator.pk, r.indicator.code, r.indicator.name) for r in full]
    assert board.trend is not None and board.trend.indicator.pk == on.pk
