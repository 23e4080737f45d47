"""Template tags of the dashboards: a status badge without an include per table row."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..summary_models import SummaryStatus
from .monitoring import status_class

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
