from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.utils import translation

from ..conftest import World
from ..planning.conftest import english


@pytest.fixture
def en(world: World) -> Callable[[str], Client]:
    """A signed-in client of a persona, with English pages."""
    return lambda persona: english(world, persona)


@pytest.fixture(autouse=True)
def _language(request: pytest.FixtureRequest) -> Iterator[None]:
    """Service messages are compared in one known language, whatever an earlier test left
    active: the SPBE tests read them in Indonesian, the evaluation tests in English."""
    with translation.override("id" if "spbe" in request.module.__name__ else "en"):
        yield
