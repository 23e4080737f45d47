"""The SPBE indicators a programme raises, where planning shows a programme.

Planning does not import evaluation: ``EvaluationConfig.ready()`` registers, through
planning's hooks, a "SPBE indicators" field on the programme's create and edit forms
(saved by ``set_programme_spbe_tags`` in the programme save's transaction; shown only to
whoever may tag). The Excel sheet is in ``spbe_exchange``. The tags are also a section of
the masterplan's versions (``register_section``: one query), so a version keeps which
indicators each programme raised and the comparison shows the change; a version frozen
before compares as if no programme was tagged.

The form offers the indicators of the instrument in force this year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.actors import Actor
from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.planning.programmes.extras import (
    ExtraField,
    ExtraOutput,
    register_field,
    register_output,
)
from kotacerdas.planning.review.sections import register_section

from . import spbe_services
from .spbe_models import SpbeIndicator, SpbeInstrument, SpbeProgrammeTag
from .spbe_queries import instrument_for

if TYPE_CHECKING:
    from kotacerdas.accounts.models import User

FIELD = "spbe_indicators"


def current_instrument() -> SpbeInstrument | None:
    """The instrument in force this year, or the earliest one when none is yet."""
    found = instrument_for(timezone.now().year)
    return found or SpbeInstrument.objects.order_by("first_year", "code").first()


def _field(masterplan: Masterplan, programme: Programme | None, user: User) -> forms.Field | None:
    """One query: the current instrument's indicators, each saying whether the programme
    (on the edit form) already raises it."""
    if not user.has_perm("evaluation.tag_spbe_programme", masterplan.region):
        return None
    indicators = list(
        SpbeIndicator.objects.filter(
            instrument=Subquery(
                SpbeInstrument.objects.filter(first_year__lte=timezone.now().year)
                .order_by("-first_year")
                .values("pk")[:1]
            )
        )
        .annotate(
            raised=Exists(
                SpbeProgrammeTag.objects.filter(
                    indicator=OuterRef("pk"), programme=programme.pk if programme else None
                )
            )
        )
        .select_related("instrument")
        .order_by("number")
    )
    if not indicators:
        return None
    return forms.TypedMultipleChoiceField(
        initial=[i.pk for i in indicators if i.raised],
        label=_("SPBE indicators it raises"),
        help_text=_("The indicators of %(instrument)s this programme raises.")
        % {"instrument": indicators[0].instrument.name},
        choices=[(i.pk, str(i)) for i in indicators],
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


def _save(programme: Programme, value: Any, actor: Actor) -> None:
    """Exactly the chosen indicators of the current instrument; other instruments' tags
    stay."""
    instrument = current_instrument()
    chosen = set(value or [])
    kept = set(
        SpbeProgrammeTag.objects.filter(programme=programme)
        .exclude(indicator__instrument=instrument)
        .values_list("indicator_id", flat=True)
    )
    indicators = list(SpbeIndicator.objects.filter(pk__in=chosen | kept))
    if len({i.pk for i in indicators} & chosen) != len(chosen):
        raise ValidationError({FIELD: _("Choose SPBE indicators from the list.")})
    now = set(programme.spbe_tags.values_list("indicator_id", flat=True))
    if now == chosen | kept:
        return
    try:
        spbe_services.set_programme_spbe_tags(programme, actor=actor, indicators=indicators)
    except ValidationError as exc:
        raise ValidationError({FIELD: exc.messages}) from exc


SECTION = "spbe"


def tag_rows(masterplan: Masterplan) -> dict[str, dict[str, Any]]:
    """The snapshot section: each tagged programme with the indicators it raises, by
    instrument code and number with the Indonesian name (what versions compare), and the same
    labels with the English name (``indicators_en``, shown to English readers; one query)."""
    rows = (
        SpbeProgrammeTag.objects.filter(programme__masterplan=masterplan)
        .order_by(
            "programme__code", "programme_id", "indicator__instrument__code", "indicator__number"
        )
        .values_list(
            "programme_id",
            "programme__code",
            "programme__name",
            "indicator__instrument__code",
            "indicator__number",
            "indicator__name_id",
            "indicator__name_en",
        )
    )
    section: dict[str, dict[str, Any]] = {}
    for programme, code, name, instrument, number, name_id, name_en in rows:
        row = section.setdefault(
            str(programme),
            {"programme": f"{code} {name}", "indicators": [], "indicators_en": []},
        )
        row["indicators"].append(f"{instrument} {number}. {name_id}")
        row["indicators_en"].append(f"{instrument} {number}. {name_en or name_id}")
    return section


def tag_texts(rows: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each stored label in the reader's language: the English one where the version kept it
    (those frozen before show the Indonesian one they stored)."""
    if not (get_language() or "id").startswith("en"):
        return {}
    return {
        label: english
        for row in rows.values()
        for label, english in zip(
            row.get("indicators", []), row.get("indicators_en", []), strict=False
        )
    }


def _tags_prefetch() -> Prefetch[Any]:
    """Every tag of a page of programmes with its indicator and instrument: one query."""
    return Prefetch(
        "spbe_tags",
        SpbeProgrammeTag.objects.select_related("indicator__instrument").order_by(
            "indicator__instrument__first_year", "indicator__number"
        ),
        to_attr="spbe_tag_rows",
    )


def api_tags(programme: Programme) -> list[dict[str, Any]]:
    """The SPBE indicators the programme raises, as the programme's API output shows them
    (from the prefetched tags; names in the request's language)."""
    rows = getattr(programme, "spbe_tag_rows", None)
    if rows is None:
        rows = list(
            programme.spbe_tags.select_related("indicator__instrument").order_by(
                "indicator__instrument__first_year", "indicator__number"
            )
        )
    return [
        {
            "indicator_id": tag.indicator_id,
            "instrument": tag.indicator.instrument.code,
            "number": tag.indicator.number,
            "name": tag.indicator.name,
        }
        for tag in rows
    ]


def register() -> None:
    """Hang the tags on the programme form, its API output and the masterplan's versions
    (``ready()``)."""
    register_field(ExtraField(FIELD, _field, _save))
    register_output(ExtraOutput("spbe_indicators", _tags_prefetch, api_tags))
    register_section(
        SECTION,
        _("SPBE indicators"),
        tag_rows,
        row_names=("programme",),
        model=SpbeProgrammeTag,
        field_labels={"programme": _("programme"), "indicators": _("SPBE indicators")},
        hidden=("indicators_en",),
        texts=tag_texts,
    )
