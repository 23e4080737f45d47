"""Template tags of the dashboards: a status badge without an include per table row, and
the long lists of the region dashboard (the trend's indicator list and table, the indicators
needing attention) and the regions table's body rows built here: the template language spent
most of the pages' time on them. Every text goes out as the template would write it:
localised, then escaped (``_out``)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import gettext as _

from kotacerdas.regions.models import Region

from ..dashboard_presenters import percent_text
from ..dashboards import IndicatorChoice, IndicatorRow, RegionRow, Trend, TrendPoint
from ..summary_models import SummaryStatus
from .monitoring import number, percent, status_class

register = template.Library()


@register.simple_tag
def status_badge(status: Any) -> SafeString:
    """The badge of a summary status (its label escaped by ``format_html``); a muted
    "not computed yet" when there is none."""
    if not status:
        return format_html(
            '<span class="text-body-secondary small">{}</span>', _("not computed yet")
        )
    label = dict(SummaryStatus.choices).get(str(status), str(status))
    return format_html(
        '<span class="badge {}" data-testid="status">{}</span>', status_class(status), label
    )


def _out(value: Any) -> str:
    """``value`` as ``{{ value }}`` writes it: localised, then escaped unless marked safe
    (``escape`` is ``html.escape``, called here without its wrapping for speed)."""
    if isinstance(value, SafeData):
        return str(value)
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what ``localize`` gives then, without its look-ups
    return html.escape(value if type(value) is str else str(localize(value)))


def _label(labels: Mapping[str, str], key: Any) -> Any:
    """As the ``label`` filter."""
    return labels.get(key, key)


@register.simple_tag
def indicator_options(choices: Iterable[IndicatorChoice], trend: Trend | None) -> SafeString:
    """The ``<option>``s of the trend's indicator list, the trend's own one selected."""
    chosen = trend.indicator.pk if trend else None
    return SafeString(
        "".join(
            f'<option value="{_out(c.pk)}"{" selected" if c.pk == chosen else ""}>'
            f"{_out(c.code)} {_out(c.name)}</option>"
            for c in choices
        )
    )


@register.simple_tag
def trend_rows(
    points: Iterable[TrendPoint], qualities: Mapping[str, str], states: Mapping[str, str]
) -> SafeString:
    """The rows of the trend's table: per period, target, realisation, quality and state."""
    return SafeString(
        "".join(
            f"<tr><td>{_out(p.label)}</td>"
            f'<td class="text-end">{_out(number(p.target))}</td>'
            f'<td class="text-end">{_out(number(p.value))}</td>'
            f"<td>{_out(_label(qualities, p.quality))}</td>"
            f"<td>{_out(_label(states, p.state))}</td></tr>"
            for p in points
        )
    )


@register.simple_tag
def attention_rows(rows: Iterable[IndicatorRow], qualities: Mapping[str, str]) -> SafeString:
    """The rows of the table of indicators off track or not reported (each with its
    summary row)."""
    title = _out(_("What this status is based on"))
    none = _("— none —")
    detail = reverse("monitoring:indicator_detail", kwargs={"pk": 0})
    parts = []
    for row in rows:
        indicator, summary = row.indicator, row.summary
        if summary is None:  # never: a row needs attention by its summary
            continue
        quality = ""
        if summary.quality:
            text = _out(str(_label(qualities, summary.quality)).lower())
            quality = f' <span class="small text-body-secondary">({text})</span>'
        agency = indicator.responsible_agency
        url = detail.replace("/0/", f"/{int(indicator.pk)}/", 1)
        parts.append(
            f'<tr>\n      <td><a href="{url}" title="{title}">'
            f"{_out(indicator.code)} {_out(indicator.name)}</a></td>\n"
            f"      <td>{_out(agency if agency else none)}</td>"
            f"<td>{_out(summary.period or summary.year)}</td>\n"
            f'      <td class="text-end">{_out(number(summary.target))} '
            f"{_out(indicator.unit)}</td>\n"
            f'      <td class="text-end">{_out(number(summary.value))}{quality}</td>\n'
            f'      <td class="text-end">{_out(percent(summary.achievement))}</td>'
            f"<td>{status_badge(row.status)}</td></tr>\n    "
        )
    return SafeString("".join(parts))


@register.simple_tag
def card_indicator_rows(rows: Iterable[IndicatorRow]) -> SafeString:
    """The rows of the report card's table of the agency's indicators."""
    detail = reverse("monitoring:indicator_detail", kwargs={"pk": 0})
    parts = []
    for row in rows:
        indicator, summary = row.indicator, row.summary
        url = detail.replace("/0/", f"/{int(indicator.pk)}/", 1)
        if summary is None:
            period, target, value, reported = "–", "–", "–", "–"
        else:
            period = _out(summary.period or "–")
            target, value = _out(number(summary.target)), _out(number(summary.value))
            reported = f"{_out(summary.reported_periods)}/{_out(summary.due_periods)}"
        parts.append(
            f'<tr>\n      <td><a href="{url}">{_out(indicator.code)} {_out(indicator.name)}</a>'
            f"</td><td>{_out(str(indicator.get_frequency_display()))}</td>\n"
            f'      <td>{period}</td><td class="text-end">{target}</td>'
            f'<td class="text-end">{value}</td>\n'
            f'      <td class="text-end">{reported}</td>\n'
            f"      <td>{status_badge(row.status)}</td></tr>\n    "
        )
    return SafeString("".join(parts))


# Region codes made of these characters appear in a URL as they are (``reverse`` quotes
# nothing in them), so one reversed URL serves every row; any other code is reversed.
_PLAIN_CODE = re.compile(r"[0-9A-Za-z._-]+")
_CODE_PLACEHOLDER = "0000"
_KIND_LABELS = dict(Region.Kind.choices)


def _text(value: Any) -> str:
    """A value as the template writes it: as text, escaped (``conditional_escape`` of a
    value that is not already safe HTML)."""
    return conditional_escape(value) if hasattr(value, "__html__") else html.escape(str(value))


def _region_url(code: str, template_url: str) -> str:
    if _PLAIN_CODE.fullmatch(code):
        return template_url.replace(f"/{_CODE_PLACEHOLDER}/", f"/{code}/", 1)
    return reverse("monitoring:dashboard_region", kwargs={"code": code})


@register.simple_tag
def region_table_rows(rows: Sequence[tuple[RegionRow, Sequence[tuple[str, str]]]]) -> SafeString:
    """The body rows of the regions table (a region with its province, kind, stage, figures
    and heat cells), given as ``(row, cells)`` pairs with the cells as ``heat_cells`` makes
    them. Built here rather than with template tags, which spent most of the national
    page's time on its 100 rows; the markup is the same to the byte. Every text (names,
    labels, cells) goes through ``conditional_escape``; numbers are written by
    ``percent_text`` as the ``percent`` filter writes them."""
    separator = str(get_format("DECIMAL_SEPARATOR", use_l10n=True))
    template_url = reverse("monitoring:dashboard_region", kwargs={"code": _CODE_PLACEHOLDER})
    badges: dict[Any, str] = {}
    cell_html: dict[tuple[str, str], str] = {}  # a page repeats many cells
    parts = []
    for row, cells in rows:
        region = row.region
        province = region.province.name if region.province is not None else ""
        summary = row.summary
        badge = ""
        if summary:
            status = summary.status
            if status not in badges:
                badges[status] = status_badge(status)
            badge = badges[status]
        heat = []
        for cell in cells:
            html = cell_html.get(cell)
            if html is None:
                text, band = cell
                html = cell_html[cell] = f'<td class="text-end {_text(band)}">{_text(text)}</td>'
            heat.append(html)
        parts.append(
            '<tr data-testid="region-row">\n'
            '    <th scope="row"><a href="'
            f'{_text(_region_url(region.code, template_url))}">'
            f"{_text(region.name)}</a></th>\n"
            f"    <td>{_text(province)}</td>"
            f"<td>{_text(_KIND_LABELS.get(region.kind, region.kind))}</td>\n"
            f"    <td>{_text(row.stage)}</td>\n"
            '    <td class="text-end" data-testid="rate">'
            f"{_text(percent_text(row.reporting_rate, separator))}</td>\n"
            '    <td class="text-end">'
            f"{_text(percent_text(row.score, separator))} {badge}</td>\n"
            f"    {''.join(heat)}\n"
            '    <td class="text-end text-body-secondary">–</td>\n'
            "  </tr>"
        )
    return SafeString("".join(parts))
