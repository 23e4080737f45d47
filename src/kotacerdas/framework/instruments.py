"""Loads readiness instrument files (``framework/data/readiness-*.yaml``).

Like the framework catalogue: a file is validated completely before anything is written,
an error names the file, the item and the problem, and a version that assessments use is
never changed in place. Files shipped in ``framework/data/`` are published when loaded;
a file uploaded by the national admin arrives as a draft to be published from its page.
Uploading is ``framework.upload_instrument``, loading published also
``framework.publish_instrument``; the ``load_reference`` command loads as ``SYSTEM``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import yaml
from django.db import transaction
from django.utils import timezone
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kotacerdas.accounts.actors import Actor, acting, require

from .loader import DATA_DIR, Bilingual, CatalogueError, Code, _duplicates, _location
from .models import FrameworkVersion, Instrument, InstrumentAspect, InstrumentItem

Version = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.\-]{1,20}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FrameworkRef(_Strict):
    profile: Code
    version: Version


class Scale(_Strict):
    min: int = Field(ge=0, le=10)
    max: int = Field(ge=1, le=10)


class AspectSpec(_Strict):
    code: Code
    name: Bilingual
    description: Bilingual | None = None


class LevelSpec(_Strict):
    level: int
    id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    en: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ItemSpec(_Strict):
    code: Code
    dimension: Code
    aspect: Code
    element: Code | None = None
    question: Bilingual
    guidance: Bilingual | None = None
    levels: list[LevelSpec] = Field(min_length=2)
    evidence: Bilingual | None = None
    weight: Decimal = Field(gt=0, le=1000, max_digits=6, decimal_places=2)
    target_level: int


class InstrumentSpec(_Strict):
    code: Code
    version: Version
    framework: FrameworkRef
    name: Bilingual
    description: Bilingual | None = None
    scale: Scale
    aspects: list[AspectSpec] = Field(min_length=1)
    items: list[ItemSpec] = Field(min_length=1)


@dataclass(frozen=True)
class InstrumentOutcome:
    name: str
    instrument: Instrument
    action: str  # "created", "replaced" or "unchanged"


def _check_consistency(spec: InstrumentSpec, framework: FrameworkVersion) -> list[str]:
    problems: list[str] = []
    if spec.scale.max <= spec.scale.min:
        problems.append("scale: max must be above min")
    if dup := _duplicates([a.code for a in spec.aspects]):
        problems.append(f"aspects: duplicate code {', '.join(dup)}")
    if dup := _duplicates([i.code for i in spec.items]):
        problems.append(f"items: duplicate code {', '.join(dup)}")
    aspects = {a.code for a in spec.aspects}
    elements = {
        (dim.code, el.code)
        for dim in framework.dimensions.all()
        for el in dim.elements.all()  # prefetched
    }
    dimensions = {dim_code for dim_code, _ in elements}
    expected = set(range(spec.scale.min, spec.scale.max + 1))
    for index, item in enumerate(spec.items):
        where = f"items[{index}] ({item.code})"
        if item.dimension not in dimensions:
            problems.append(f"{where} > dimension: unknown dimension {item.dimension!r}")
        if item.aspect not in aspects:
            problems.append(f"{where} > aspect: unknown aspect {item.aspect!r}")
        if item.element and (item.dimension, item.element) not in elements:
            problems.append(f"{where} > element: {item.element!r} is not in {item.dimension!r}")
        if {lv.level for lv in item.levels} != expected or len(item.levels) != len(expected):
            problems.append(
                f"{where} > levels: need exactly one descriptor for each level "
                f"{spec.scale.min}–{spec.scale.max}"
            )
        if not spec.scale.min <= item.target_level <= spec.scale.max:
            problems.append(f"{where} > target_level: outside the scale")
    return problems


def parse_instrument(raw: bytes, name: str) -> tuple[InstrumentSpec, FrameworkVersion, str]:
    """Validate one instrument file; raise ``CatalogueError`` naming what is wrong."""
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogueError(f"{name}: the file must hold one mapping (code, version, …)")
    try:
        spec = InstrumentSpec.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_location(err['loc'], data)}: {err['msg']}" for err in exc.errors()]
        raise CatalogueError(f"{name}: " + "; ".join(problems)) from exc
    framework = (
        FrameworkVersion.objects.filter(
            profile=spec.framework.profile, number=spec.framework.version
        )
        .prefetch_related("dimensions__elements")
        .first()
    )
    if framework is None:
        raise CatalogueError(
            f"{name}: framework {spec.framework.profile} {spec.framework.version} is not loaded"
        )
    if problems := _check_consistency(spec, framework):
        raise CatalogueError(f"{name}: " + "; ".join(problems))
    return spec, framework, hashlib.sha256(raw).hexdigest()


def load_instrument(raw: bytes, name: str, *, publish: bool, actor: Actor) -> InstrumentOutcome:
    """Load one validated instrument in one transaction."""
    spec, framework, checksum = parse_instrument(raw, name)
    with transaction.atomic():
        instrument = (
            Instrument.objects.select_for_update()
            .filter(code=spec.code, number=spec.version)
            .first()
        )
        require(actor, "framework.upload_instrument", instrument)
        if publish:
            require(actor, "framework.publish_instrument", instrument)
        if instrument is not None and instrument.checksum == checksum:
            return InstrumentOutcome(name, instrument, "unchanged")
        if instrument is not None and instrument.is_in_use():
            raise CatalogueError(
                f"{name}: instrument {spec.code} {spec.version} is published and cannot change; "
                "give the changed file a new version number"
            )
        action = "replaced" if instrument is not None else "created"
        instrument = instrument or Instrument(code=spec.code, number=spec.version)
        _fill(instrument, spec, framework, checksum)
        if publish and instrument.published_at is None:
            instrument.published_at = timezone.now()
        with acting(actor):
            instrument.save()
            instrument.aspects.all().delete()
            _create_items(instrument, spec, framework)
    return InstrumentOutcome(name, instrument, action)


def _fill(
    instrument: Instrument, spec: InstrumentSpec, framework: FrameworkVersion, checksum: str
) -> None:
    instrument.framework = framework
    instrument.name_id, instrument.name_en = spec.name.id, spec.name.en
    instrument.description_id = spec.description.id if spec.description else ""
    instrument.description_en = spec.description.en if spec.description else ""
    instrument.scale_min, instrument.scale_max = spec.scale.min, spec.scale.max
    instrument.checksum = checksum


def _create_items(
    instrument: Instrument, spec: InstrumentSpec, framework: FrameworkVersion
) -> None:
    aspects = {}
    for position, aspect in enumerate(spec.aspects, start=1):
        aspects[aspect.code] = InstrumentAspect.objects.create(
            instrument=instrument,
            code=aspect.code,
            position=position,
            name_id=aspect.name.id,
            name_en=aspect.name.en,
            description_id=aspect.description.id if aspect.description else "",
            description_en=aspect.description.en if aspect.description else "",
        )
    dimensions = {d.code: d for d in framework.dimensions.all()}
    elements = {(d.code, e.code): e for d in framework.dimensions.all() for e in d.elements.all()}
    InstrumentItem.objects.bulk_create(
        InstrumentItem(
            instrument=instrument,
            code=item.code,
            position=position,
            dimension=dimensions[item.dimension],
            aspect=aspects[item.aspect],
            element=elements.get((item.dimension, item.element or "")),
            question_id=item.question.id,
            question_en=item.question.en,
            guidance_id=item.guidance.id if item.guidance else "",
            guidance_en=item.guidance.en if item.guidance else "",
            evidence_id=item.evidence.id if item.evidence else "",
            evidence_en=item.evidence.en if item.evidence else "",
            levels=[{"level": lv.level, "id": lv.id, "en": lv.en} for lv in item.levels],
            weight=item.weight,
            target_level=item.target_level,
        )
        for position, item in enumerate(spec.items, start=1)
    )


def load_instrument_file(path: Path, *, actor: Actor) -> InstrumentOutcome:
    """Load a shipped instrument file, published."""
    return load_instrument(path.read_bytes(), path.name, publish=True, actor=actor)


def instrument_files(directory: Path = DATA_DIR) -> list[Path]:
    """The instrument files in ``directory``: ``readiness-*.yaml``."""
    return sorted(directory.glob("readiness-*.yaml"))
