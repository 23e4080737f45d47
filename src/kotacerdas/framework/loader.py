"""Loads framework catalogue files (``framework/data/*.yaml``) into the database.

A file is validated completely before anything is written; a file with any problem loads
nothing and the error names the file, the entry and the problem. A version that is in use
is never changed in place. Loading is the national admin's (``framework.manage_framework``);
the ``load_reference`` command loads as ``SYSTEM``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import yaml
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kotacerdas.accounts.actors import Actor, acting, require

from .models import Dimension, Element, FrameworkVersion

DATA_DIR = Path(__file__).parent / "data"

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Bilingual(_Strict):
    id: Text
    en: Text


class TagSpec(_Strict):
    code: Code
    name: Bilingual


class ElementSpec(_Strict):
    code: Code
    name: Bilingual
    description: Bilingual | None = None
    tags: list[TagSpec] = Field(default_factory=list)


class DimensionSpec(_Strict):
    code: Code
    name: Bilingual
    description: Bilingual | None = None
    elements: list[ElementSpec] = Field(min_length=1)


class FrameworkSpec(_Strict):
    code: Code
    version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.\-]{1,20}$")]
    name: Bilingual
    description: Bilingual | None = None
    source: str = ""
    dimensions: list[DimensionSpec] = Field(min_length=1)


class CatalogueError(Exception):
    """A catalogue file that cannot be loaded; the message says where and why."""


@dataclass(frozen=True)
class LoadOutcome:
    path: Path
    version: FrameworkVersion
    action: str  # "created", "replaced" or "unchanged"


def _location(loc: tuple[int | str, ...], spec: dict[str, object]) -> str:
    """``dimensions.2.elements.0.name.en`` → ``dimensions[2] (living) > elements[0] > name.en``."""
    parts: list[str] = []
    node: object = spec
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            try:
                node = node[key]  # type: ignore[index]
                code = node.get("code") if isinstance(node, dict) else None
                if code:
                    label += f" ({code})"
            except (IndexError, KeyError, TypeError):
                pass
            parts[-1] += label if parts else label
        else:
            node = node.get(key) if isinstance(node, dict) else None
            parts.append(str(key))
    return " > ".join(parts) or "(top)"


def _duplicates(codes: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({c for c in codes if c in seen or seen.add(c)})  # type: ignore[func-returns-value]


def parse_file(path: Path) -> tuple[FrameworkSpec, str]:
    """Read and validate one file; raise ``CatalogueError`` naming what is wrong."""
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name}: the file must hold one mapping (code, version, …)")
    try:
        spec = FrameworkSpec.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_location(err['loc'], data)}: {err['msg']}" for err in exc.errors()]
        raise CatalogueError(f"{path.name}: " + "; ".join(problems)) from exc
    problems = []
    if dup := _duplicates([d.code for d in spec.dimensions]):
        problems.append(f"dimensions: duplicate code {', '.join(dup)}")
    for dim in spec.dimensions:
        if dup := _duplicates([e.code for e in dim.elements]):
            problems.append(f"dimensions ({dim.code}) > elements: duplicate code {', '.join(dup)}")
    if problems:
        raise CatalogueError(f"{path.name}: " + "; ".join(problems))
    return spec, hashlib.sha256(raw).hexdigest()


def load_file(path: Path, *, actor: Actor) -> LoadOutcome:
    """Load one validated file in one transaction."""
    spec, checksum = parse_file(path)
    with transaction.atomic():
        version = (
            FrameworkVersion.objects.select_for_update()
            .filter(profile=spec.code, number=spec.version)
            .first()
        )
        require(actor, "framework.manage_framework", version)
        if version is not None and version.checksum == checksum:
            return LoadOutcome(path, version, "unchanged")
        if version is not None and version.is_in_use():
            raise CatalogueError(
                f"{path.name}: version {spec.code} {spec.version} is in use and cannot change; "
                "give the changed file a new version number"
            )
        action = "replaced" if version is not None else "created"
        version = version or FrameworkVersion(profile=spec.code, number=spec.version)
        _fill_version(version, spec, checksum)
        with acting(actor):
            version.save()
            version.dimensions.all().delete()
            _create_dimensions(version, spec)
    return LoadOutcome(path, version, action)


def _fill_version(version: FrameworkVersion, spec: FrameworkSpec, checksum: str) -> None:
    version.name_id, version.name_en = spec.name.id, spec.name.en
    version.description_id = spec.description.id if spec.description else ""
    version.description_en = spec.description.en if spec.description else ""
    version.source = spec.source
    version.checksum = checksum


def _create_dimensions(version: FrameworkVersion, spec: FrameworkSpec) -> None:
    for d_pos, dim in enumerate(spec.dimensions, start=1):
        dimension = Dimension.objects.create(
            framework=version,
            code=dim.code,
            position=d_pos,
            name_id=dim.name.id,
            name_en=dim.name.en,
            description_id=dim.description.id if dim.description else "",
            description_en=dim.description.en if dim.description else "",
        )
        Element.objects.bulk_create(
            Element(
                dimension=dimension,
                code=el.code,
                position=e_pos,
                name_id=el.name.id,
                name_en=el.name.en,
                description_id=el.description.id if el.description else "",
                description_en=el.description.en if el.description else "",
                tags=[{"code": t.code, "id": t.name.id, "en": t.name.en} for t in el.tags],
            )
            for e_pos, el in enumerate(dim.elements, start=1)
        )


def catalogue_files(directory: Path = DATA_DIR) -> list[Path]:
    """The framework files in ``directory``: ``framework-*.yaml``."""
    return sorted(directory.glob("framework-*.yaml"))
