"""Checks an uploaded file's type (by name and by content) and size before it is stored."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Extension → the first bytes such a file starts with (None: plain text, any content).
ZIP = (b"PK\x03\x04",)
DOCUMENT_TYPES: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": ZIP,
    ".xlsx": ZIP,
    ".pptx": ZIP,
    ".odt": ZIP,
    ".ods": ZIP,
    ".csv": None,
    ".txt": None,
}


def check_upload(
    upload: Any, *, max_bytes: int, types: dict[str, tuple[bytes, ...] | None] = DOCUMENT_TYPES
) -> None:
    """Raise ``ValidationError`` (in the user's language) for a wrong type or a file too big."""
    suffix = PurePath(upload.name or "").suffix.lower()
    allowed = ", ".join(sorted(types))
    if suffix not in types:
        raise ValidationError(
            _("“%(name)s” is not an accepted file type. Accepted: %(allowed)s.")
            % {"name": upload.name, "allowed": allowed}
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            }
        )
    signatures = types[suffix]
    if signatures is None:
        return
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("“%(name)s” does not contain what its name says (%(suffix)s).")
            % {"name": upload.name, "suffix": suffix}
        )
