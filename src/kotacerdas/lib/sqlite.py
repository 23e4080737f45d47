"""SQLite tuning that Django's backend leaves out."""

from __future__ import annotations

import sqlite3
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper


def use_real_variable_limit(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Lets bulk writes use the variable limit of the SQLite library in use (250,000 in
    Debian's, 32,766 by default since SQLite 3.32) rather than Django's fixed 999, so that a
    bulk insert of a few hundred rows is one statement, as on PostgreSQL. Connected to
    ``connection_created``."""
    if connection.vendor != "sqlite":
        return
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    connection.features.max_query_params = max(limit, 999)
