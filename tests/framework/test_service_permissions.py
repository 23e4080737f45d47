"""Every write to the catalogue checks its own permission, whoever calls it.

The services module and every loader function that takes an actor are enumerated, so a
new one without a row here fails. Only the national admin (or the system, for the
``load_reference`` command) may load, upload or publish; anyone else is refused and
nothing is written.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import User
from kotacerdas.framework import instruments, loader, services
from kotacerdas.framework.models import (
    Dimension,
    Element,
    FrameworkVersion,
    Instrument,
    InstrumentAspect,
    InstrumentItem,
)

from ..conftest import World

Call = Callable[..., object]
NEW_VERSION = "2099.1"


def _renumbered(path: Path) -> bytes:
    """A shipped catalogue file under a version number nobody loaded."""
    data = yaml.safe_load(path.read_bytes())
    data["version"] = NEW_VERSION
    return yaml.safe_dump(data, allow_unicode=True).encode()


def _draft_instrument() -> bytes:
    return _renumbered(instruments.instrument_files()[0])


def _written_to(tmp_path: Path, name: str, raw: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def _loaded_draft() -> Instrument:
    return instruments.load_instrument(
        _draft_instrument(), "draft.yaml", publish=False, actor=SYSTEM
    ).instrument


@dataclass(frozen=True)
class Case:
    """``prepare`` returns the call without its actor."""

    prepare: Callable[[Path], Call]
    outsiders: tuple[str, ...] = ("coordinator", "province_viewer", "no_role", "superuser")


CASES: dict[str, Case] = {
    "upload_instrument": Case(
        lambda tmp: partial(
            services.upload_instrument, SimpleUploadedFile("draft.yaml", _draft_instrument())
        )
    ),
    "publish_instrument": Case(lambda tmp: partial(services.publish_instrument, _loaded_draft())),
    "load_file": Case(
        lambda tmp: partial(
            loader.load_file,
            _written_to(tmp, "framework-new.yaml", _renumbered(loader.catalogue_files()[0])),
        )
    ),
    "load_instrument": Case(
        lambda tmp: partial(
            instruments.load_instrument, _draft_instrument(), "draft.yaml", publish=True
        )
    ),
    "load_instrument_file": Case(
        lambda tmp: partial(
            instruments.load_instrument_file,
            _written_to(tmp, "readiness-new.yaml", _draft_instrument()),
        )
    ),
}


def _writers(module: ModuleType, *, every: bool) -> set[str]:
    """The module's public functions (``every``) or those that act for someone."""
    return {
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and (every or "actor" in inspect.signature(function).parameters)
    }


def _actor(world: World, persona: str) -> User:
    if persona == "superuser":
        return User.objects.create_superuser("root", "root@example.test", "x")
    user = world.users[persona]
    assert user is not None
    return user


def _written() -> tuple[object, ...]:
    """Everything a catalogue write could change, read back from the database."""
    counts = tuple(
        model.objects.count()
        for model in (Dimension, Element, InstrumentAspect, InstrumentItem, LogEntry)
    )
    versioned = tuple(
        (
            model.objects.count(),
            model.objects.aggregate(v=Sum("version"))["v"],
            model.objects.filter(**{f"{stamp}__isnull": False}).count(),
        )
        for model, stamp in ((FrameworkVersion, "locked_at"), (Instrument, "published_at"))
    )
    return (*counts, *versioned)


def test_every_write_has_a_case_and_takes_a_required_actor() -> None:
    found = (
        _writers(services, every=True)
        | _writers(loader, every=False)
        | _writers(instruments, every=False)
    )
    assert found == set(CASES), "add a row to CASES for each new write"
    for name in found:
        function: Any = next(
            getattr(m, name) for m in (services, loader, instruments) if hasattr(m, name)
        )
        actor = inspect.signature(function).parameters["actor"]
        assert actor.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert actor.default is inspect.Parameter.empty, name
        assert actor.annotation == "Actor", name


@pytest.mark.parametrize(
    ("name", "persona"), [(name, p) for name, case in CASES.items() for p in case.outsiders]
)
def test_an_outsider_is_refused_and_nothing_is_written(
    world: World, tmp_path: Path, name: str, persona: str
) -> None:
    call = CASES[name].prepare(tmp_path)
    actor = _actor(world, persona)
    before = _written()
    with pytest.raises(PermissionDenied):
        call(actor=actor)
    assert _written() == before


@pytest.mark.parametrize("name", list(CASES))
def test_the_national_admin_gets_through(world: World, tmp_path: Path, name: str) -> None:
    """The same calls succeed for the national admin, and the check above sees it."""
    call = CASES[name].prepare(tmp_path)
    actor = _actor(world, "national_admin")
    before = _written()
    call(actor=actor)
    assert _written() != before
