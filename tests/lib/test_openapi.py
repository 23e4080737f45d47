"""Enumerations that share a class name never overwrite each other in the OpenAPI document."""

from __future__ import annotations

from kotacerdas.api.api import api
from kotacerdas.readiness.models import SwotEntry
from kotacerdas.regions.models import Region


def _components() -> dict:
    return api.get_openapi_schema()["components"]["schemas"]


def test_region_kinds_are_documented_as_region_kinds_not_swot_kinds() -> None:
    components = _components()
    assert components["RegionOut"]["properties"]["kind"]["enum"] == list(Region.Kind.values)
    swot = components["SwotOut"]["properties"]["kind"]["enum"]
    assert swot == list(SwotEntry.Kind.values)
    assert "Kind" not in components


def test_every_operation_documents_the_shared_errors_in_the_one_shape() -> None:
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("401", "403", "404", "422"):
                response = operation["responses"][code]
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), (method, path, code)
