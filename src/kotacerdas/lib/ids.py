"""The id type of API request bodies.

A list of ids in a request body names rows; a number past what the databases store (a
64-bit signed integer) cannot name one, and SQLite refuses to bind it at all. The schema
refuses such a number with a 422 naming the field, before any query.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]
