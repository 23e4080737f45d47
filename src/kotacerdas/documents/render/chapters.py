"""The document's chapters and its free-text sections, from ``documents/data/chapters.yaml``.

The file is validated whole (pydantic) the first time it is read; code never names a chapter
except through this module.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict, model_validator

DATA = Path(__file__).resolve().parent.parent / "data" / "chapters.yaml"


class _Title(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    en: str

    def shown(self) -> str:
        return self.en if (get_language() or "id").startswith("en") else self.id


class _Chapter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    title: _Title


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    chapter: str
    title: _Title


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    chapters: list[_Chapter]
    texts: list[_Text]

    @model_validator(mode="after")
    def _known_chapters(self) -> _File:
        codes = [c.code for c in self.chapters]
        if len(set(codes)) != len(codes):
            raise ValueError("chapter codes repeat")
        texts = [t.code for t in self.texts]
        if len(set(texts)) != len(texts):
            raise ValueError("text codes repeat")
        unknown = sorted({t.chapter for t in self.texts} - set(codes))
        if unknown:
            raise ValueError(f"texts name unknown chapters: {', '.join(unknown)}")
        return self


@cache
def _load(path: Path = DATA) -> _File:
    return _File.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def headings() -> list[tuple[str, str]]:
    """(code, title in the active language) of every chapter, in order."""
    return [(c.code, c.title.shown()) for c in _load().chapters]


def texts() -> list[tuple[str, str, str]]:
    """(code, chapter code, title in the active language) of every free-text section."""
    return [(t.code, t.chapter, t.title.shown()) for t in _load().texts]


def text_codes() -> list[str]:
    return [t.code for t in _load().texts]


def texts_of(chapter: str) -> list[tuple[str, str]]:
    """(code, title) of the free-text sections of ``chapter``."""
    return [(code, title) for code, owner, title in texts() if owner == chapter]
