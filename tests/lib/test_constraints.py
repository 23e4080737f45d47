"""Every database constraint speaks to the user: its own message in the user's language,
reported against a field, whether a form, a service or the database itself refuses the row."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.constraints import BaseConstraint
from django.utils import translation

from kotacerdas.lib.constraints import Check, Unique, field_of, violation
from kotacerdas.planning.models import Programme

from ..conftest import World
from ..planning import factories as f


def project_constraints() -> list[tuple[type[models.Model], BaseConstraint]]:
    return [
        (model, constraint)
        for model in apps.get_models()
        if model.__module__.startswith("kotacerdas.")
        for constraint in model._meta.constraints
    ]


def test_the_project_has_constraints_to_check() -> None:
    assert len(project_constraints()) >= 58


@pytest.mark.parametrize(
    ("model", "constraint"),
    project_constraints(),
    ids=[c.name for _, c in project_constraints()],
)
def test_every_constraint_has_its_own_translated_message_and_field(
    model: type[models.Model], constraint: BaseConstraint
) -> None:
    assert isinstance(constraint, Check | Unique), "use lib.constraints.Check/Unique"
    message = constraint.violation_error_message
    assert message != BaseConstraint.default_violation_error_message
    with translation.override("en"):
        english = str(constraint.get_violation_error_message())
    with translation.override("id"):
        indonesian = str(constraint.get_violation_error_message())
    assert constraint.name not in english and constraint.name not in indonesian
    assert indonesian != english, f"{english!r} has no Indonesian translation"
    assert constraint.violation_error_code
    field = field_of(constraint)
    if field:  # reported against a real field of the model, one the constraint reads (so a
        # form validates the constraint only when it shows that field)
        model._meta.get_field(field)
        if isinstance(constraint, Check):
            assert field in constraint.condition.referenced_base_fields
        else:
            assert field in constraint.fields


def test_a_model_check_reports_against_its_field(world: World) -> None:
    plan = f.masterplan(world)
    programme = f.programme(plan)
    programme.start_year, programme.end_year = 2027, 2026
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        programme.full_clean()
    errors = caught.value.message_dict
    assert errors["end_year"] == ["Tahun terakhir mendahului tahun pertama."]


def test_a_database_refusal_becomes_a_message_on_the_field(world: World) -> None:
    plan = f.masterplan(world)
    f.programme(plan, code="P01")
    with pytest.raises(IntegrityError) as check, transaction.atomic():
        f.programme(plan, code="P02", start_year=2027, end_year=2026)
    with pytest.raises(IntegrityError) as unique, transaction.atomic():
        f.programme(plan, code="P01")
    with translation.override("en"):
        assert violation(check.value).message_dict == {  # type: ignore[union-attr]
            "end_year": ["The last year comes before the first year."]
        }
        assert violation(unique.value).message_dict == {  # type: ignore[union-attr]
            "code": ["This code is already used in this masterplan."]
        }


def test_an_unknown_integrity_error_is_left_alone() -> None:
    assert violation(IntegrityError("NOT NULL constraint failed: planning_programme.name")) is None
    # a name that only starts like a known one is not that one
    assert violation(IntegrityError("CHECK constraint failed: score_between_1_and_50")) is None


def test_postgres_wording_is_understood() -> None:
    error = IntegrityError(
        'new row for relation "planning_programme" violates check constraint '
        '"programme_end_not_before_start"'
    )
    assert "end_year" in violation(error).message_dict  # type: ignore[union-attr]
    duplicate = IntegrityError(
        'duplicate key value violates unique constraint "programme_code_unique_in_masterplan"'
    )
    assert "code" in violation(duplicate).message_dict  # type: ignore[union-attr]
    assert Programme._meta.constraints
