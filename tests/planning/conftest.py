"""Clients of the planning page tests, reading the pages in English."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..conftest import World


def english(world: World, persona: str) -> Client:
    client = world.client(persona)
    client.post(reverse("set_language"), {"language": "en"})
    return client


@pytest.fixture
def en(world: World) -> Callable[[str], Client]:
    """A signed-in client of a persona, with English pages."""
    return lambda persona: english(world, persona)


@pytest.fixture
def coordinator(world: World) -> Any:
    """The region's coordinator, with English pages."""
    return english(world, "coordinator")


def query_count(client: Client, url: str) -> int:
    """How many queries a page costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)
