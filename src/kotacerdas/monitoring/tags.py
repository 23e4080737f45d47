"""The tags an indicator may carry (ISO 37120 / ISO 37122 themes, U4SSC categories, SDG
goals), read from the versioned data files ``monitoring/data/*.yaml``.

A tag is written ``<family>:<code>`` (``iso37120:water``, ``sdg:11``,
``u4ssc:ict.public_sector``). The files are read once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Tag:
    family: str
    code: str
    name_id: str
    name_en: str

    @property
    def key(self) -> str:
        return f"{self.family}:{self.code}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id")[:2] == "en" else self.name_id


@dataclass(frozen=True)
class Family:
    code: str
    version: str
    name_id: str
    name_en: str
    tags: tuple[Tag, ...]

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id")[:2] == "en" else self.name_id


def _read(path: Path) -> Family:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    code = str(data["family"])
    tags = tuple(
        Tag(code, str(t["code"]), str(t["name_id"]), str(t["name_en"])) for t in data["tags"]
    )
    return Family(code, str(data["version"]), data["name_id"], data["name_en"], tags)


@cache
def families() -> tuple[Family, ...]:
    """Every tag family, in the order of their file names."""
    return tuple(_read(path) for path in sorted(DATA.glob("*.yaml")))


@cache
def by_key() -> dict[str, Tag]:
    return {tag.key: tag for family in families() for tag in family.tags}


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a form: one group per family, in the active language."""
    return [(f.name, [(t.key, t.name) for t in f.tags]) for f in families()]


def clean_tags(values: list[str]) -> list[str]:
    """The tags sorted and without duplicates; ``ValidationError`` naming unknown ones."""
    known = by_key()
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValidationError(
            {"tags": _("Unknown tags: %(tags)s.") % {"tags": ", ".join(unknown)}},
            code="unknown_tag",
        )
    return sorted(set(values))


def names(keys: list[str]) -> list[str]:
    """The names of ``keys`` in the active language (unknown keys as they are)."""
    known = by_key()
    return [known[k].name if k in known else k for k in keys]
