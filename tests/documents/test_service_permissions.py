"""Every documents service checks its own permission, whoever calls it.

The services are enumerated from the module, so a new one without a row here fails. An
outsider (another region's coordinator, an agency editor, a council member) is refused and
nothing is written.
"""

from __future__ import annotations

import inspect
import io
from collections.abc import Callable
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.documents import services
from kotacerdas.documents.models import ChapterText, GeneratedDocument, RegionTemplate
from kotacerdas.documents.render import docx as word
from kotacerdas.jobs.models import Job

from ..conftest import World
from .factories import full_plan

pytestmark = pytest.mark.django_db

OUTSIDERS = ("other_coordinator", "editor_a", "council", "province_viewer")


def _template() -> SimpleUploadedFile:
    return SimpleUploadedFile("kop.docx", word.TEMPLATE.read_bytes())


def _calls(w: World) -> dict[str, Callable[[Any], object]]:
    plan = full_plan(w)
    return {
        "save_chapter_text": lambda actor: services.save_chapter_text(
            actor=actor, masterplan=plan, code="background", html="<p>x</p>"
        ),
        "upload_region_template": lambda actor: services.upload_region_template(
            actor=actor, region=w.region, upload=_template()
        ),
        "remove_region_template": lambda actor: services.remove_region_template(
            actor=actor, region=w.region
        ),
        "request_document": lambda actor: services.request_document(
            actor=actor, masterplan=plan, format="pdf"
        ),
        "generate_document": lambda actor: services.generate_document(
            actor=actor, masterplan=plan, format="docx"
        ),
    }


def _public_services() -> set[str]:
    return {
        name
        for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__ == services.__name__ and not name.startswith("_")
    }


def _written() -> tuple[int, ...]:
    return (
        ChapterText.objects.count(),
        RegionTemplate.objects.count(),
        GeneratedDocument.objects.count(),
        Job.objects.count(),
    )


def test_every_service_has_a_row(world: World) -> None:
    assert set(_calls(world)) == _public_services()


@pytest.mark.parametrize("name", sorted(_public_services()))
def test_outsiders_are_refused_and_nothing_is_written(world: World, name: str) -> None:
    call = _calls(world)[name]
    before = _written()
    for persona in OUTSIDERS:
        with pytest.raises(PermissionDenied):
            call(world.users[persona])
    assert _written() == before


@pytest.mark.parametrize("name", sorted(_public_services()))
def test_the_coordinator_may(world: World, name: str) -> None:
    _calls(world)[name](world.users["coordinator"])


def test_the_shipped_template_passes_the_upload_check(world: World) -> None:
    row = services.upload_region_template(
        actor=world.users["coordinator"], region=world.region, upload=_template()
    )
    assert docx.Document(io.BytesIO(row.file.read())).paragraphs
