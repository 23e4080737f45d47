"""Loads SPBE instrument files (``evaluation/data/spbe-*.yaml``).

A file is validated completely before anything is written (pydantic, then the sums): the
indicator weights of an aspect must add up to the aspect's weight, the aspects of a domain
to the domain's, the domains to 100 (weights are percentages in the file, fractions of 1 in
the tables). An indicator without a weight gets an even share of its aspect. A new
instrument (the Indeks Pemerintah Digital from 2025, …) is a new file: no code names a
domain, an aspect or an indicator. An unchanged file is skipped; a changed one replaces its
instrument only while no self-assessment uses it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import yaml
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kotacerdas.accounts.actors import Actor, acting, require
from kotacerdas.framework.loader import Bilingual, CatalogueError

from .spbe_models import SpbeAspect, SpbeDomain, SpbeIndicator, SpbeInstrument

DATA_DIR = Path(__file__).resolve().parent / "data"
HUNDRED = Decimal(100)
# An even share of an aspect may not divide exactly (10 / 3): sums may differ by this much.
TOLERANCE = Decimal("0.0001")

InstrumentCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.\-]{0,39}$")]
BandCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Percent = Annotated[Decimal, Field(gt=0, le=100, max_digits=9, decimal_places=4)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LevelNames(_Strict):
    level: int = Field(ge=1, le=5)
    process: Bilingual
    service: Bilingual


class BandSpec(_Strict):
    lower: Decimal = Field(ge=0, le=5)
    code: BandCode
    name: Bilingual


class IndicatorSpec(_Strict):
    number: int = Field(ge=1, le=999)
    name: Bilingual
    kind: Literal["process", "service"]
    weight: Percent | None = None
    effort: Decimal = Field(default=Decimal(1), gt=0, le=1000)
    agency: str = ""
    masterplan_evidence: bool = False


class AspectSpec(_Strict):
    number: int = Field(ge=1, le=999)
    name: Bilingual
    weight: Percent
    indicators: list[IndicatorSpec] = Field(min_length=1)


class DomainSpec(_Strict):
    number: int = Field(ge=1, le=99)
    name: Bilingual
    weight: Percent
    aspects: list[AspectSpec] = Field(min_length=1)


class SpbeSpec(_Strict):
    code: InstrumentCode
    name: Bilingual
    source: str = ""
    first_year: int = Field(ge=2018, le=2100)
    levels: list[LevelNames] = Field(min_length=5, max_length=5)
    bands: list[BandSpec] = Field(min_length=1)
    domains: list[DomainSpec] = Field(min_length=1)


@dataclass(frozen=True)
class SpbeOutcome:
    instrument: SpbeInstrument
    action: str  # "created", "replaced" or "unchanged"


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _duplicates(values: list[int] | list[str]) -> list[str]:
    return sorted(str(v) for v, n in Counter(values).items() if n > 1)


def indicator_weights(aspect: AspectSpec) -> list[Decimal]:
    """Each indicator's weight in percent: as given, or an even share of what is left."""
    given = sum((i.weight for i in aspect.indicators if i.weight is not None), Decimal(0))
    missing = [i for i in aspect.indicators if i.weight is None]
    share = (aspect.weight - given) / len(missing) if missing else Decimal(0)
    return [i.weight if i.weight is not None else share for i in aspect.indicators]


def check_spec(spec: SpbeSpec) -> list[str]:
    """Every problem of the instrument beyond its shape; empty when it may be loaded."""
    problems: list[str] = []
    if {lv.level for lv in spec.levels} != {1, 2, 3, 4, 5}:
        problems.append("levels: need the names of each level 1–5 once")
    if dup := _duplicates([b.code for b in spec.bands]):
        problems.append(f"bands: duplicate code {', '.join(dup)}")
    if dup := _duplicates([str(b.lower) for b in spec.bands]):
        problems.append(f"bands: two bands start at {', '.join(dup)}")
    if not any(b.lower == 0 for b in spec.bands):
        problems.append("bands: one band must start at 0")
    if dup := _duplicates([d.number for d in spec.domains]):
        problems.append(f"domains: duplicate number {', '.join(dup)}")
    aspects = [a for d in spec.domains for a in d.aspects]
    if dup := _duplicates([a.number for a in aspects]):
        problems.append(f"aspects: duplicate number {', '.join(dup)}")
    if dup := _duplicates([i.number for a in aspects for i in a.indicators]):
        problems.append(f"indicators: duplicate number {', '.join(dup)}")
    total = sum((d.weight for d in spec.domains), Decimal(0))
    if total != HUNDRED:
        problems.append(f"domains: the weights add up to {_fmt(total)}, not 100")
    for domain in spec.domains:
        of_aspects = sum((a.weight for a in domain.aspects), Decimal(0))
        if of_aspects != domain.weight:
            problems.append(
                f"domain {domain.number}: its aspects' weights add up to {_fmt(of_aspects)}, "
                f"not the domain's {_fmt(domain.weight)}"
            )
        for aspect in domain.aspects:
            weights = indicator_weights(aspect)
            of_indicators = sum(weights, Decimal(0))
            if any(w <= 0 for w in weights) or abs(of_indicators - aspect.weight) > TOLERANCE:
                problems.append(
                    f"aspect {aspect.number}: its indicators' weights add up to "
                    f"{_fmt(of_indicators)}, not the aspect's {_fmt(aspect.weight)}"
                )
    return problems


def parse_spbe(raw: bytes, name: str) -> tuple[SpbeSpec, str]:
    """Validate one instrument file; raise ``CatalogueError`` naming every problem."""
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogueError(f"{name}: the file must hold one mapping (code, name, …)")
    try:
        spec = SpbeSpec.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{' > '.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        ]
        raise CatalogueError(f"{name}: " + "; ".join(problems)) from exc
    if problems := check_spec(spec):
        raise CatalogueError(f"{name}: " + "; ".join(problems))
    return spec, hashlib.sha256(raw).hexdigest()


def load_spbe(raw: bytes, name: str, *, actor: Actor) -> SpbeOutcome:
    """Load one validated instrument in one transaction."""
    spec, checksum = parse_spbe(raw, name)
    with transaction.atomic():
        require(actor, "evaluation.load_spbe_instrument")
        found = SpbeInstrument.objects.select_for_update().filter(code=spec.code).first()
        if found is not None and found.checksum == checksum:
            return SpbeOutcome(found, "unchanged")
        if found is not None and found.assessments.exists():
            raise CatalogueError(
                f"{name}: instrument {spec.code} is used by self-assessments and cannot "
                "change; give the new version a new code"
            )
        with acting(actor):
            action = "created"
            if found is not None:
                found.delete()
                action = "replaced"
            instrument = _create(spec, checksum)
    return SpbeOutcome(instrument, action)


def _create(spec: SpbeSpec, checksum: str) -> SpbeInstrument:
    instrument = SpbeInstrument.objects.create(
        code=spec.code,
        name_id=spec.name.id,
        name_en=spec.name.en,
        source=spec.source,
        first_year=spec.first_year,
        levels=[
            {
                "level": lv.level,
                "process_id": lv.process.id,
                "process_en": lv.process.en,
                "service_id": lv.service.id,
                "service_en": lv.service.en,
            }
            for lv in sorted(spec.levels, key=lambda lv: lv.level)
        ],
        bands=[
            {"lower": str(b.lower), "code": b.code, "name_id": b.name.id, "name_en": b.name.en}
            for b in sorted(spec.bands, key=lambda b: b.lower, reverse=True)
        ],
        checksum=checksum,
    )
    indicators: list[SpbeIndicator] = []
    for d in spec.domains:
        domain = SpbeDomain.objects.create(
            instrument=instrument,
            number=d.number,
            name_id=d.name.id,
            name_en=d.name.en,
            weight=d.weight / HUNDRED,
        )
        for a in d.aspects:
            aspect = SpbeAspect.objects.create(
                domain=domain,
                number=a.number,
                name_id=a.name.id,
                name_en=a.name.en,
                weight=a.weight / HUNDRED,
            )
            for spec_i, weight in zip(a.indicators, indicator_weights(a), strict=True):
                indicators.append(
                    SpbeIndicator(
                        instrument=instrument,
                        aspect=aspect,
                        number=spec_i.number,
                        name_id=spec_i.name.id,
                        name_en=spec_i.name.en,
                        kind=spec_i.kind,
                        weight=(weight / HUNDRED).quantize(Decimal("0.000001")),
                        effort=spec_i.effort,
                        agency_code=spec_i.agency,
                        masterplan_evidence=spec_i.masterplan_evidence,
                    )
                )
    SpbeIndicator.objects.bulk_create(indicators)
    return instrument


def load_spbe_file(path: Path, *, actor: Actor) -> SpbeOutcome:
    return load_spbe(path.read_bytes(), path.name, actor=actor)


def spbe_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("spbe-*.yaml"))
