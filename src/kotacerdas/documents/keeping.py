"""Keeping a generated file: its row and its file go together (the masterplan's documents
and the reports alike)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy

from kotacerdas.accounts.actors import Actor, acting, user_of

# The last progress step of every generated file (a msgid, translated when shown).
SAVING = gettext_lazy("Saving the file")


def keep(row: Any, data: bytes, name: str, actor: Actor) -> Any:
    """Store ``data`` as ``row``'s file named ``name`` and save the row as ``actor``, inside
    the caller's transaction; when the row cannot be saved, the file is removed again (no
    half-kept file)."""
    row.sha256 = hashlib.sha256(data).hexdigest()
    row.size = len(data)
    row.created_by = user_of(actor)
    row.file.save(name, ContentFile(data), save=False)
    try:
        with acting(actor):
            row.save()
    except Exception:
        row.file.delete(save=False)
        raise
    return row
