"""Helpers for API schemas that every app's ``api.py`` may use."""

from __future__ import annotations

from typing import Any

from django.db.models import Choices
from pydantic import WithJsonSchema


def inline_choices(choices: type[Choices], description: str = "") -> Any:
    """Document a choices field inline with its own values.

    Pydantic names an enumeration's component after its class, and many models have a
    ``Kind`` or a ``Status``: in the one OpenAPI document they would overwrite each other
    (region kinds documented as SWOT kinds). Inline, each field lists exactly its values.
    Use as ``kind: Annotated[Region.Kind, inline_choices(Region.Kind)]``.
    """
    schema: dict[str, Any] = {"type": "string", "enum": [str(c) for c in choices.values]}
    if description:
        schema["description"] = description
    return WithJsonSchema(schema)
