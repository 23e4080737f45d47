"""Two schema classes of the API never share a name: the OpenAPI document keys its
components by class name, so one would silently replace the other and a client would read
one app's fields (or enumeration) as another's."""

from __future__ import annotations

import enum
import inspect
import types
from collections import defaultdict
from collections.abc import Iterator
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo

from kotacerdas.api.api import api


def _types_in(annotation: Any) -> list[type]:
    """The classes an annotation names, through ``list[...]``, ``X | None``, ``Annotated``;
    not those documented inline (``lib.openapi.inline_choices``), which get no component."""
    if get_origin(annotation) is Annotated and _inline(annotation.__metadata__):
        return []
    found: list[type] = []
    if isinstance(annotation, type) and not isinstance(annotation, types.GenericAlias):
        found.append(annotation)
    for arg in get_args(annotation):
        if not isinstance(arg, FieldInfo):
            found.extend(_types_in(arg))
    return found


def _inline(metadata: Any) -> bool:
    return any(isinstance(m, WithJsonSchema) for m in metadata)


def _classes(roots: list[type]) -> set[type]:
    """Every model and enumeration reachable from ``roots`` through their fields."""
    seen: set[type] = set()
    todo = list(roots)
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        if inspect.isclass(cls) and issubclass(cls, BaseModel):
            for field in cls.model_fields.values():
                if not _inline(field.metadata):
                    todo.extend(_types_in(field.annotation))
    return seen


def _routers(router: Any) -> Iterator[Any]:
    yield router
    for mount in router._routers:
        yield from _routers(mount[1])


def _operations() -> list[Any]:
    """Every operation of the API, in the routers each app includes too."""
    routers = {id(r): r for _prefix, top in api._routers for r in _routers(top)}
    return [
        operation
        for router in routers.values()
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    ]


def _api_classes() -> set[type]:
    roots: list[type] = []
    for operation in _operations():
        roots.extend(operation.models)
        roots.extend(m for m in operation.response_models.values() if m is not None)
    return {
        cls
        for cls in _classes(roots)
        if inspect.isclass(cls)
        and cls.__module__.startswith("kotacerdas.")
        and (issubclass(cls, BaseModel) or issubclass(cls, enum.Enum))
    }


def clashes(classes: set[type]) -> dict[str, list[str]]:
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in classes:
        by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    return {name: sorted(where) for name, where in by_name.items() if len(where) > 1}


def test_the_walk_reaches_every_operation() -> None:
    served = sum(len(operations) for operations in api.get_openapi_schema()["paths"].values())
    assert len(_operations()) == served


def test_no_two_api_schema_classes_share_a_name() -> None:
    classes = _api_classes()
    names = {cls.__name__ for cls in classes}
    # The walk reaches the schemas of every app, nested ones included.
    assert {"MasterplanOut", "AssessmentOut", "AnswerEvidenceOut", "RealisationReturnIn"} <= names
    assert not clashes(classes), f"schema classes sharing a name: {clashes(classes)}"


def test_a_clash_is_caught() -> None:
    """Two apps' ``ReturnIn``, as the readiness, monitoring and planning APIs once had."""

    def schema(module: str) -> type:
        return type("ReturnIn", (BaseModel,), {"__module__": module, "__annotations__": {}})

    found = clashes({schema("kotacerdas.readiness.api"), schema("kotacerdas.monitoring.api")})
    assert list(found) == ["ReturnIn"]
