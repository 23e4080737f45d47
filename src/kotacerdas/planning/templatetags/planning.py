"""Template filters of the planning pages, and the comments block every section page shows.

The comments block is a tag so the pages of the lower slices (team, strategy, programmes) show
the review slice's comments without importing it.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kotacerdas.lib.formatting import rupiah as format_rupiah

from ..masterplans.models import Masterplan
from ..programmes.models import Programme, quarter_label
from ..review.forms import CommentForm
from ..review.models import Comment
from ..review.queries import comments_on

if TYPE_CHECKING:
    from ..quickwins.queries import RankedProgramme

register = template.Library()


@register.filter
def rupiah(amount: Any) -> str:
    """``1250000000`` → ``Rp 1.250.000.000``; empty stays a dash."""
    if amount in (None, ""):
        return "–"
    return format_rupiah(Decimal(amount))


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value):.1f} %".replace(".", ",")


@register.filter
def quarter(value: Any) -> str:
    """``3`` → "Triwulan III" ("Quarter III" in English); empty stays empty."""
    return quarter_label(int(value)) if value else ""


@register.simple_tag
def score_cells(row: RankedProgramme, scorable: Container[int], label: str) -> SafeString:
    """The score cells of one quick-win ranking row: an input per criterion (named
    ``s-<programme>-<criterion>``, labelled ``label``) when the programme is in ``scorable``
    (those the user may score), else the score or a dash.

    Built here rather than with template tags: 300 programmes × 7 criteria are 2,100 cells,
    which the template language renders slowly. Nothing in them is text a user typed: the ids
    and scores are made integers with ``int()`` and the label is escaped once."""
    pk = int(row.programme.pk)
    if pk in scorable:
        prefix = (
            '<td class="text-center"><input class="form-control form-control-sm score-input" '
            f'type="number" min="1" max="5" aria-label="{escape(label)}" name="s-{pk}-'
        )
        cells = (
            f'{prefix}{int(cid)}" value="{"" if score is None else int(score)}"></td>'
            for cid, score in row.scores
        )
    else:
        cells = (
            f'<td class="text-center">{"–" if score is None else int(score)}</td>'
            for _cid, score in row.scores
        )
    return SafeString("".join(cells))


@register.simple_tag
def quickwin_rows(
    rows: Sequence[RankedProgramme], scorable: Container[int], can_edit: bool
) -> SafeString:
    """The rows of the quick-win ranking, built here for the same reason as ``score_cells``
    (the template language spent most of the page's time on 300 rows). Every text a user
    typed (code, name, dimension) goes through ``escape``; numbers are made numbers first."""
    score_label = _("Score")
    quick_win_label = escape(_("Quick win"))
    incomplete = (
        f' <span class="badge text-bg-light" title="{escape(_("not all criteria scored"))}">'
        "…</span>"
    )
    detail = reverse("planning:programme_detail", kwargs={"pk": 0})
    parts = []
    for row in rows:
        programme = row.programme
        pk = int(programme.pk)
        if can_edit:
            checked = " checked" if programme.is_quick_win else ""
            choice = (
                '<input class="form-check-input" type="checkbox" name="chosen" '
                f'value="{pk}" aria-label="{quick_win_label}"{checked}>'
            )
        else:
            choice = "✓" if programme.is_quick_win else ""
        parts.append(
            f"<tr><td>{int(row.rank)}</td>"
            f'<td><a href="{detail.replace("/0/", f"/{pk}/", 1)}">{escape(programme.code)}</a> '
            f"{escape(programme.name)}</td>"
            f'<td class="small">{escape(programme.dimension.name)}</td>'
            f"{score_cells(row, scorable, score_label)}"
            f'<td class="text-end">{escape(floatformat(row.total, 2))}'
            f"{'' if row.complete else incomplete}</td><td>{choice}</td></tr>"
        )
    return SafeString("\n".join(parts))


@register.inclusion_tag("planning/_comments.html", takes_context=True)
def comments(
    context: template.Context,
    masterplan: Masterplan,
    section: str | None = None,
    programme: Programme | None = None,
) -> dict[str, Any]:
    """The comments on a programme, on one section, or (neither given) on the whole masterplan,
    with the form to add one and the buttons to resolve them for those who may."""
    request = context["request"]
    if not request.user.has_perm("planning.view_internal", masterplan):
        return {"hidden": True}  # comments stay inside the region, even once published
    initial: str = section or Comment.Section.OVERVIEW
    if programme is not None:
        can_comment = request.user.has_perm("planning.comment_programme", programme)
        initial = Comment.Section.PROGRAMMES
    else:
        can_comment = request.user.has_perm("planning.comment_masterplan", masterplan)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "masterplan": masterplan,
        "programme": programme,
        "comments": comments_on(masterplan, section=section, programme=programme),
        "can_comment": can_comment,
        "can_resolve": request.user.has_perm("planning.resolve_comment", masterplan),
        "comment_form": CommentForm(initial={"section": initial}),
    }
