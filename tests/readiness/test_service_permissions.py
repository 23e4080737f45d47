"""Every readiness service checks its own permission, whoever calls it.

The services are enumerated from the module, so a new one without a row here fails. Each
row prepares the call (as the system, on the fixture assessment) and names who may make
it and the natural outsiders; an outsider is refused and nothing is written.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import Role, User
from kotacerdas.readiness import services
from kotacerdas.readiness.models import Answer, Assessment, Evidence, SwotEntry

from ..conftest import World, make_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

Call = Callable[..., object]


def _first(assessment: Assessment) -> Answer:
    """The first item, assigned to agency A (Diskominfo) by the fixture."""
    return assessment.answers.order_by("item__position")[0]


def _evidence(assessment: Assessment) -> Evidence:
    return services.add_evidence(
        _first(assessment), title="Perwal", url="https://jdih.example.go.id", actor=SYSTEM
    )


def _swot(assessment: Assessment) -> SwotEntry:
    return services.create_swot_entry(assessment, kind="threat", text="Serangan", actor=SYSTEM)


def _submitted(assessment: Assessment) -> Assessment:
    return services.submit_assessment(assessment, actor=SYSTEM, confirm_incomplete=True)


@dataclass(frozen=True)
class Case:
    """``prepare`` returns the service call without its actor."""

    prepare: Callable[[World, Assessment], Call]
    insider: str
    outsiders: tuple[str, ...]


# "superuser": the Django superuser flag with no membership (it opens the admin site only);
# "other_assessor": an assessor of another region.
CASES: dict[str, Case] = {
    "start_assessment": Case(
        lambda w, a: partial(services.start_assessment, w.region, 2025),
        "coordinator",
        ("other_coordinator", "editor_a", "council", "province_viewer", "superuser"),
    ),
    "assign_items": Case(
        lambda w, a: partial(services.assign_items, a, {_first(a).item_id: w.agency_b}),
        "coordinator",
        ("other_coordinator", "editor_a", "assessor", "superuser"),
    ),
    "submit_assessment": Case(
        lambda w, a: partial(services.submit_assessment, a, confirm_incomplete=True),
        "coordinator",
        ("other_coordinator", "editor_a", "council", "assessor"),
    ),
    "return_assessment": Case(
        lambda w, a: partial(services.return_assessment, _submitted(a), comment="Lengkapi"),
        "assessor",
        ("other_assessor", "coordinator", "province_viewer", "superuser"),
    ),
    "save_answer": Case(
        lambda w, a: partial(services.save_answer, _first(a), level=3, justification="Ada"),
        "editor_a",
        ("editor_b", "other_coordinator", "province_viewer", "assessor", "council"),
    ),
    "add_evidence": Case(
        lambda w, a: partial(
            services.add_evidence,
            _first(a),
            title="Perwal",
            upload=SimpleUploadedFile("perwal.pdf", PDF),
        ),
        "editor_a",
        ("editor_b", "other_coordinator", "assessor", "superuser"),
    ),
    "remove_evidence": Case(
        lambda w, a: partial(services.remove_evidence, _evidence(a)),
        "editor_a",
        ("editor_b", "other_coordinator", "province_viewer"),
    ),
    "create_swot_entry": Case(
        lambda w, a: partial(services.create_swot_entry, a, kind="strength", text="Fiber"),
        "coordinator",
        ("editor_a", "other_coordinator", "council", "assessor"),
    ),
    "update_swot_entry": Case(
        lambda w, a: partial(services.update_swot_entry, _swot(a), text="Serangan siber"),
        "coordinator",
        ("editor_a", "other_coordinator", "province_viewer"),
    ),
    "delete_swot_entry": Case(
        lambda w, a: partial(services.delete_swot_entry, _swot(a)),
        "coordinator",
        ("editor_b", "other_coordinator", "council"),
    ),
}


def _public_services() -> dict[str, Callable[..., Any]]:
    return {
        name: function
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


def _actor(world: World, persona: str) -> User:
    if persona == "superuser":
        return User.objects.create_superuser("root", "root@example.test", "x")
    if persona == "other_assessor":
        return make_user("assessor_other", (Role.ASSESSOR, world.other_region, None))
    user = world.users[persona]
    assert user is not None
    return user


def _written(media_root: Path) -> tuple[object, ...]:
    """Everything a readiness service could write, read back from the database."""
    rows = tuple(
        (model.objects.count(), model.objects.aggregate(v=Sum("version"))["v"])
        for model in (Assessment, Answer, Evidence, SwotEntry)
    )
    files = sorted(str(path) for path in media_root.rglob("*") if path.is_file())
    return (*rows, LogEntry.objects.count(), files)


def test_every_service_has_a_case_and_takes_a_required_actor() -> None:
    found = _public_services()
    assert set(found) == set(CASES), "add a row to CASES for each new service"
    for name, function in found.items():
        actor = inspect.signature(function).parameters.get("actor")
        assert actor is not None, name
        assert actor.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert actor.default is inspect.Parameter.empty, name
        assert actor.annotation == "Actor", name


@pytest.mark.parametrize(
    ("name", "persona"), [(name, p) for name, case in CASES.items() for p in case.outsiders]
)
def test_an_outsider_is_refused_and_nothing_is_written(
    world: World, assessment: Assessment, media_root: Path, name: str, persona: str
) -> None:
    call = CASES[name].prepare(world, assessment)
    actor = _actor(world, persona)
    before = _written(media_root)
    with pytest.raises(PermissionDenied):
        call(actor=actor)
    assert _written(media_root) == before


@pytest.mark.parametrize("name", list(CASES))
def test_the_permitted_actor_gets_through(
    world: World, assessment: Assessment, media_root: Path, name: str
) -> None:
    """The same calls succeed for who may make them, and the check above sees it."""
    call = CASES[name].prepare(world, assessment)
    actor = _actor(world, CASES[name].insider)
    before = _written(media_root)
    call(actor=actor)
    assert _written(media_root) != before
