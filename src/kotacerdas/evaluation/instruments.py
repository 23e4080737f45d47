"""Loads evaluation instrument files (``evaluation/data/evaluation-*.yaml``).

A file is validated completely before anything is written: its shape (pydantic), the five
components each once with weights that sum to 1, a scale whose top is above its bottom, and
exactly one criterion for every component in every dimension of the framework version it
names. An error names the file, the entry and the problem. A version that a round uses never
changes; a new year is a new version. Loading is ``evaluation.manage_instruments`` (the
national admin); the ``load_reference`` command loads as ``SYSTEM``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import yaml
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kotacerdas.accounts.actors import Actor, acting, require
from kotacerdas.framework import queries as framework_queries
from kotacerdas.framework.loader import Bilingual, CatalogueError, Code

from . import scoring
from .models import EvaluationInstrument

DATA_DIR = Path(__file__).parent / "data"
Version = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.\-]{1,20}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FrameworkRef(_Strict):
    profile: Code
    version: Version


class Scale(_Strict):
    min: int = Field(ge=0, le=100)
    max: int = Field(ge=1, le=100)


class ComponentSpec(_Strict):
    code: Code
    weight: Decimal = Field(ge=0, le=1, max_digits=6, decimal_places=4)
    name: Bilingual


class CriterionSpec(_Strict):
    component: Code
    dimension: Code
    question: Bilingual
    guidance: Bilingual | None = None


class InstrumentSpec(_Strict):
    code: Code
    version: Version
    year: int = Field(ge=2000, le=2100)
    name: Bilingual
    framework: FrameworkRef
    scale: Scale
    components: list[ComponentSpec] = Field(min_length=1)
    criteria: list[CriterionSpec] = Field(min_length=1)


@dataclass(frozen=True)
class InstrumentOutcome:
    name: str
    instrument: EvaluationInstrument
    action: str  # "created", "replaced" or "unchanged"


def _where(loc: tuple[int | str, ...], data: object) -> str:
    """``components.2.weight`` → ``components[2] (outcome) > weight``."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and parts:
            node = node[key] if isinstance(node, list) and key < len(node) else None
            code = node.get("code") if isinstance(node, dict) else None
            parts[-1] += f"[{key}]" + (f" ({code})" if code else "")
        else:
            node = node.get(str(key)) if isinstance(node, dict) else None
            parts.append(str(key))
    return " > ".join(parts) or "(top)"


def _check_components(spec: InstrumentSpec) -> list[str]:
    problems = []
    codes = [c.code for c in spec.components]
    if sorted(codes) != sorted(scoring.COMPONENTS):
        problems.append(
            f"components: need each of {', '.join(scoring.COMPONENTS)} exactly once, "
            f"found {', '.join(codes)}"
        )
    try:
        scoring.check_weights({c.code: c.weight for c in spec.components})
    except scoring.WeightsError as exc:
        problems.append(f"components > weight: {exc}")
    if spec.scale.max <= spec.scale.min:
        problems.append("scale: max must be above min")
    return problems


def _check_criteria(spec: InstrumentSpec, dimensions: list[str]) -> list[str]:
    problems = []
    seen: set[tuple[str, str]] = set()
    components = {c.code for c in spec.components}
    for index, criterion in enumerate(spec.criteria):
        where = f"criteria[{index}] ({criterion.component}, {criterion.dimension})"
        cell = (criterion.component, criterion.dimension)
        if criterion.component not in components:
            problems.append(f"{where} > component: unknown component {criterion.component!r}")
        if criterion.dimension not in dimensions:
            problems.append(f"{where} > dimension: unknown dimension {criterion.dimension!r}")
        if cell in seen:
            problems.append(f"{where}: a second criterion for the same component and dimension")
        seen.add(cell)
    missing = [
        f"{component}/{dimension}"
        for component in scoring.COMPONENTS
        if component in components
        for dimension in dimensions
        if (component, dimension) not in seen
    ]
    if missing:
        problems.append(f"criteria: no criterion for {', '.join(missing)}")
    return problems


def parse_instrument(raw: bytes, name: str) -> tuple[InstrumentSpec, list[dict[str, Any]], str]:
    """Validate one file; raise ``CatalogueError`` naming the file, entry and problem."""
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogueError(f"{name}: the file must hold one mapping (code, version, …)")
    try:
        spec = InstrumentSpec.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_where(err['loc'], data)}: {err['msg']}" for err in exc.errors()]
        raise CatalogueError(f"{name}: " + "; ".join(problems)) from exc
    framework = (
        framework_queries.versions()
        .filter(profile=spec.framework.profile, number=spec.framework.version)
        .first()
    )
    if framework is None:
        raise CatalogueError(
            f"{name}: framework {spec.framework.profile} {spec.framework.version} is not loaded"
        )
    found = list(framework_queries.dimensions_of(framework))
    dimensions: list[dict[str, Any]] = [
        {"code": d.code, "name": {"id": d.name_id, "en": d.name_en}} for d in found
    ]
    if problems := _check_components(spec) + _check_criteria(spec, [d.code for d in found]):
        raise CatalogueError(f"{name}: " + "; ".join(problems))
    return spec, dimensions, hashlib.sha256(raw).hexdigest()


def load_instrument(raw: bytes, name: str, *, actor: Actor) -> InstrumentOutcome:
    """Load one validated instrument in one transaction."""
    spec, dimensions, checksum = parse_instrument(raw, name)
    framework = framework_queries.versions().get(
        profile=spec.framework.profile, number=spec.framework.version
    )
    with transaction.atomic():
        instrument = (
            EvaluationInstrument.objects.select_for_update()
            .filter(code=spec.code, number=spec.version)
            .first()
        )
        require(actor, "evaluation.manage_instruments", instrument)
        if instrument is not None and instrument.checksum == checksum:
            return InstrumentOutcome(name, instrument, "unchanged")
        if instrument is not None and instrument.is_in_use():
            raise CatalogueError(
                f"{name}: evaluation instrument {spec.code} {spec.version} is used by a round "
                "and cannot change; give the changed file a new version number"
            )
        action = "replaced" if instrument is not None else "created"
        instrument = instrument or EvaluationInstrument(code=spec.code, number=spec.version)
        instrument.framework = framework
        instrument.year = spec.year
        instrument.name_id, instrument.name_en = spec.name.id, spec.name.en
        instrument.scale_min, instrument.scale_max = spec.scale.min, spec.scale.max
        instrument.components = _components(spec)
        instrument.dimensions = dimensions
        instrument.criteria = _criteria(spec, [d["code"] for d in dimensions])
        instrument.checksum = checksum
        with acting(actor):
            instrument.save()
    return InstrumentOutcome(name, instrument, action)


def _components(spec: InstrumentSpec) -> list[dict[str, object]]:
    by_code = {c.code: c for c in spec.components}
    return [
        {
            "code": code,
            "weight": str(by_code[code].weight),
            "name": {"id": by_code[code].name.id, "en": by_code[code].name.en},
        }
        for code in scoring.COMPONENTS
    ]


def _criteria(spec: InstrumentSpec, dimensions: list[str]) -> list[dict[str, object]]:
    """In a fixed order: component by component, dimensions in the framework's order."""
    order = {
        (c, d): (ci, di)
        for ci, c in enumerate(scoring.COMPONENTS)
        for di, d in enumerate(dimensions)
    }
    rows = sorted(spec.criteria, key=lambda c: order[(c.component, c.dimension)])
    return [
        {
            "component": c.component,
            "dimension": c.dimension,
            "question": {"id": c.question.id, "en": c.question.en},
            "guidance": {"id": c.guidance.id, "en": c.guidance.en} if c.guidance else None,
        }
        for c in rows
    ]


def load_instrument_file(path: Path, *, actor: Actor) -> InstrumentOutcome:
    return load_instrument(path.read_bytes(), path.name, actor=actor)


def instrument_files(directory: Path = DATA_DIR) -> list[Path]:
    """The shipped instrument files: ``evaluation-*.yaml``."""
    return sorted(directory.glob("evaluation-*.yaml"))
