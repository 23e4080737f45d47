"""The API's one pagination: ninja's limit/offset, with an offset the databases can take.

Ninja bounds ``limit`` (``NINJA_PAGINATION_MAX_LIMIT``) but not ``offset``: an offset beyond
64 bits reached the database and failed there (500 on SQLite). Here it is refused with 422
naming ``offset``, like any other value out of range. Every list of the API paginates with
this class (``@paginate(LimitOffsetPagination)``).
"""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema, pagination

# The largest offset whose OFFSET + LIMIT still fits a signed 64-bit integer.
MAX_OFFSET = 2**63 - 1 - int(settings.NINJA_PAGINATION_MAX_LIMIT)


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
