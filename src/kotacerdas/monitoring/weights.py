"""Setting the roll-up weights of a masterplan's programmes and dimensions (see ``scoring``).

A service like those in ``services`` (typed actor, its own permission check, one
transaction, audited); kept apart because ``services`` is long already.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.lib.numbers import parse_decimal
from kotacerdas.planning.models import Masterplan

from . import queries, summaries
from .models import Indicator, RollUpWeight

MAX_WEIGHT = Decimal(1000)


@dataclass(frozen=True)
class IndicatorWeights:
    """The roll-up weights in force above an indicator: its programme's within its
    dimension (``None`` for an impact indicator, which sits on the dimension) and its
    dimension's within the masterplan (1 unless set)."""

    dimension: Decimal
    programme: Decimal | None


def weights_above(indicator: Indicator) -> IndicatorWeights:
    """The weights of the indicator's programme and dimension: one query (no permission
    check: it reads what the indicator page, already checked, shows)."""
    programme = indicator.programme
    dimension_id = programme.dimension_id if programme is not None else indicator.dimension_id
    condition = Q(dimension_id=dimension_id, programme__isnull=True)
    if programme is not None:
        condition |= Q(programme_id=programme.pk)
    rows = RollUpWeight.objects.filter(condition, masterplan_id=indicator.masterplan_id)
    found = {(row.programme_id, row.dimension_id): row.weight for row in rows}
    return IndicatorWeights(
        dimension=found.get((None, dimension_id), Decimal(1)),
        programme=None
        if programme is None
        else next((w for (p, _d), w in found.items() if p == programme.pk), Decimal(1)),
    )


def programme_field(pk: int) -> str:
    return f"programme_{pk}"


def dimension_field(pk: int) -> str:
    return f"dimension_{pk}"


def _weight(value: Any, field: str) -> Decimal:
    """A weight given as a ``Decimal``, an ``int`` or text in the user's language."""
    if isinstance(value, bool):
        value = None
    elif isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, str):
        value = parse_decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError({field: _("Enter a number.")}, code="invalid_number")
    if value < 0:
        raise ValidationError({field: _("A weight cannot be negative.")}, code="negative")
    if value >= MAX_WEIGHT:
        raise ValidationError(
            {field: _("A weight is below %(max)s.") % {"max": MAX_WEIGHT}}, code="too_large"
        )
    return value.quantize(Decimal("0.01"))


def _parse(
    given: Mapping[int, Any], known: Mapping[int, Decimal], field_of: Any
) -> dict[int, Decimal]:
    errors: dict[str, list[str]] = {}
    parsed: dict[int, Decimal] = {}
    for pk, value in given.items():
        name = field_of(pk)
        if pk not in known:
            errors[name] = [_("This is not part of the masterplan.")]
            continue
        try:
            parsed[pk] = _weight(value, name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return parsed


def _check_not_all_zero(
    dimensions: Mapping[int, Decimal],
    programmes: Mapping[int, Decimal],
    dimension_of: Mapping[int, int],
    names: Mapping[int, str],
) -> None:
    errors: dict[str, list[str]] = {}
    if dimensions and not any(dimensions.values()):
        errors[dimension_field(min(dimensions))] = [
            _("At least one dimension needs a weight above 0.")
        ]
    by_dimension: dict[int, list[int]] = {}
    for pk, dimension in dimension_of.items():
        by_dimension.setdefault(dimension, []).append(pk)
    for dimension, pks in by_dimension.items():
        if not any(programmes[pk] for pk in pks):
            errors[programme_field(min(pks))] = [
                _("At least one programme of %(dimension)s needs a weight above 0.")
                % {"dimension": names.get(dimension, "")}
            ]
    if errors:
        raise ValidationError(errors)


def set_weights(
    masterplan: Masterplan,
    *,
    actor: Actor,
    programmes: Mapping[int, Any],
    dimensions: Mapping[int, Any],
) -> list[RollUpWeight]:
    """Set how much each programme counts within its dimension and each dimension within the
    masterplan (keyed by primary key; weights not given stay). Weights are numbers from 0,
    not all 0 among a dimension's programmes nor among the dimensions. Any state of the
    masterplan: the weights judge the plan, they are not part of it. Returns the rows
    written (only those whose weight changed)."""
    with transaction.atomic():
        current = Masterplan.objects.select_for_update(of=("self",)).get(pk=masterplan.pk)
        require(actor, "monitoring.set_weights", current)
        programme_rows = {p.pk: p for p in queries.weighted_programmes(current)}
        dimension_rows = {d.pk: d for d in queries.weighted_dimensions(current)}
        old_p = {pk: p.rollup_weight for pk, p in programme_rows.items()}  # type: ignore[attr-defined]
        old_d = {pk: d.rollup_weight for pk, d in dimension_rows.items()}  # type: ignore[attr-defined]
        new_p = {**old_p, **_parse(programmes, old_p, programme_field)}
        new_d = {**old_d, **_parse(dimensions, old_d, dimension_field)}
        _check_not_all_zero(
            new_d,
            new_p,
            {pk: p.dimension_id for pk, p in programme_rows.items()},
            {pk: d.name for pk, d in dimension_rows.items()},
        )
        existing = {
            (row.programme_id, row.dimension_id): row
            for row in RollUpWeight.objects.select_for_update(of=("self",))
            .filter(masterplan=current)
            .order_by("pk")
        }
        changed = [((pk, None), weight) for pk, weight in new_p.items() if weight != old_p[pk]] + [
            ((None, pk), weight) for pk, weight in new_d.items() if weight != old_d[pk]
        ]
        written = []
        with acting(actor):
            for (programme, dimension), weight in changed:
                row = existing.get((programme, dimension)) or RollUpWeight(
                    masterplan=current,
                    programme_id=programme,
                    dimension_id=dimension,
                    created_by=user_of(actor),
                )
                row.weight = weight
                row.save()
                written.append(row)
        if written:
            summaries.refresh_every_year(current)
    return written
