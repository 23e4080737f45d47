from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from kotacerdas.framework.models import Instrument
from kotacerdas.readiness import services
from kotacerdas.readiness.models import Assessment

from ..conftest import World


@pytest.fixture
def assessment(world: World) -> Assessment:
    """Kota Bengkulu's 2026 assessment; the dimension × aspect cells of the first
    dimension are assigned to agency A (Diskominfo), the second to agency B (Dinkes)."""
    made = services.start_assessment(world.region, 2026, actor=world.users["coordinator"])
    dims = list(made.instrument.framework.dimensions.order_by("position")[:2])
    for dimension, agency in zip(dims, (world.agency_a, world.agency_b), strict=True):
        services.assign_items(
            made,
            {a.item_id: agency for a in made.answers.filter(item__dimension=dimension)},
            actor=world.users["coordinator"],
        )
    return made


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files go to an empty temporary directory, so a test sees what was stored."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(root)
    return root


@pytest.fixture
def new_instrument(db: Any) -> Instrument:
    """A newer published version of the shipped instrument: one structure item per dimension.

    Request it after ``assessment`` so that the fixture assessment stays on the shipped one.
    """
    shipped = Instrument.objects.filter(published_at__isnull=False).latest("published_at")
    levels = shipped.items.order_by("position").values_list("levels", flat=True)[0]
    made = Instrument.objects.create(
        code=shipped.code,
        number="2099.1",
        framework=shipped.framework,
        name_id="Instrumen Kesiapan uji",
        name_en="Test readiness instrument",
        checksum="0" * 64,
        published_at=timezone.now(),
    )
    aspect = made.aspects.create(
        code="structure", position=1, name_id="Struktur", name_en="Structure"
    )
    for n, dimension in enumerate(shipped.framework.dimensions.order_by("position"), start=1):
        made.items.create(
            code=f"new_{n:02}",
            position=n,
            dimension=dimension,
            aspect=aspect,
            question_id=f"Pertanyaan baru {n}",
            question_en=f"New question {n}",
            levels=levels,
            weight=1,
            target_level=3,
        )
    return made
