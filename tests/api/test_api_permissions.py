"""Every API operation has a row in the permission table (issue 8, item 5).

The operations are read from the OpenAPI document the API serves; the rows themselves
(and the test that tries each with every persona, the token client included) are in
tests/test_permissions.py and tests/<module>/routes.py.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from kotacerdas.api.api import api

from ..permissions import api_operations
from ..test_permissions import ROUTES


def _served_schema() -> dict[str, Any]:
    response = Client().get(reverse("api:openapi-json"))
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_every_api_operation_has_a_row(db: Any) -> None:
    operations = api_operations(_served_schema())
    rows = {(route.name, route.method) for route in ROUTES if route.is_api}
    missing = sorted(op for key, op in operations.items() if key not in rows)
    assert not missing, f"API operations without a permission row: {missing}"


def test_every_api_row_is_an_operation_or_a_page_of_the_api(db: Any) -> None:
    """A row for an operation that is gone (or under the wrong method) is caught too."""
    operations = api_operations(_served_schema())
    pages = {"api:api-root", "api:openapi-json", "api:openapi-view"}
    stale = sorted(
        route.id
        for route in ROUTES
        if route.is_api and route.name not in pages and (route.name, route.method) not in operations
    )
    assert not stale, f"rows for no API operation: {stale}"


def test_the_operations_are_read_from_the_whole_document() -> None:
    schema = api.get_openapi_schema()
    count = sum(len(operations) for operations in schema["paths"].values())
    assert len(api_operations(schema)) == count > 0
