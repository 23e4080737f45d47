"""The one module for files: the upload check, generated names, and serving.

- ``check_upload(upload, kind)`` refuses a file whose name or content is not of an accepted
  type for its kind, or that is larger than the kind's limit from settings. Every upload of
  every app goes through it (forms, API, imports).
- ``upload_to`` is the one ``upload_to`` of every ``FileField``: a generated name under the
  owning model's folder, so no user-chosen name ever reaches the disk or a URL.
- ``serve(request, file, download_name)`` hands a stored file to a view that has already
  fetched the file's owner through the access helper. Files have no public URL: the
  deployment guide's nginx serves them only as an internal location behind such a view.

Storage goes through Django's storage API, so an S3-compatible store can replace the disk
(``STORAGES["default"]``) without touching callers; only then the file is streamed by
Django instead of handed to nginx. ``SENDFILE_ROOT`` is ``MEDIA_ROOT`` (read once at
start-up): a test that sets ``settings.MEDIA_ROOT`` sets ``settings.SENDFILE_ROOT`` too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_sendfile import sendfile

ZIP = (b"PK\x03\x04",)
TEXT = None  # plain text: any content (checked for NUL bytes)

# Extension → the first bytes such a file starts with.
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
    ".csv": TEXT,
    ".txt": TEXT,
}
SPREADSHEET_TYPES: dict[str, tuple[bytes, ...] | None] = {".xlsx": ZIP, ".csv": TEXT}
INSTRUMENT_TYPES: dict[str, tuple[bytes, ...] | None] = {".yaml": TEXT, ".yml": TEXT}
PHOTO_TYPES: dict[str, tuple[bytes, ...] | None] = {
    ".jpg": DOCUMENT_TYPES[".jpg"],
    ".jpeg": DOCUMENT_TYPES[".jpeg"],
    ".png": DOCUMENT_TYPES[".png"],
}


class Kind(StrEnum):
    """What an upload is for; each kind has its accepted types and its size limit."""

    DOCUMENT = "document"  # evidence, decrees, application documents
    SPREADSHEET = "spreadsheet"  # XLSX/CSV to import
    INSTRUMENT = "instrument"  # a framework instrument file (YAML)
    PHOTO = "photo"  # a photograph (JPEG or PNG), e.g. of a Bimtek session


@dataclass(frozen=True)
class _Rule:
    types: dict[str, tuple[bytes, ...] | None]
    limit_setting: str

    @property
    def max_bytes(self) -> int:
        return int(getattr(settings, self.limit_setting))


RULES = {
    Kind.DOCUMENT: _Rule(DOCUMENT_TYPES, "DOCUMENT_MAX_BYTES"),
    Kind.SPREADSHEET: _Rule(SPREADSHEET_TYPES, "SPREADSHEET_MAX_BYTES"),
    Kind.INSTRUMENT: _Rule(INSTRUMENT_TYPES, "INSTRUMENT_MAX_BYTES"),
    Kind.PHOTO: _Rule(PHOTO_TYPES, "PHOTO_MAX_BYTES"),
}


def max_bytes(kind: Kind) -> int:
    """The size limit of ``kind`` from settings."""
    return RULES[kind].max_bytes


def _head(upload: IO[bytes], size: int = 1024) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def check_upload(upload: Any, kind: Kind) -> None:
    """Raise ``ValidationError`` (in the user's language, naming the file) unless ``upload``
    is of an accepted type for ``kind``, by name and by content, and within its size limit."""
    rule = RULES[kind]
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in rule.types:
        raise ValidationError(
            _("“%(name)s” is not an accepted file type. Accepted: %(allowed)s.")
            % {"name": name, "allowed": ", ".join(sorted(rule.types))},
            code="file_type",
        )
    if upload.size > rule.max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(rule.max_bytes),
            },
            code="file_size",
        )
    head = _head(upload)
    signatures = rule.types[suffix]
    if signatures is TEXT:
        if b"\x00" in head:
            raise ValidationError(
                _("“%(name)s” is not a text file (%(suffix)s).") % {"name": name, "suffix": suffix},
                code="file_content",
            )
        return
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("“%(name)s” does not contain what its name says (%(suffix)s).")
            % {"name": name, "suffix": suffix},
            code="file_content",
        )


def upload_to(instance: Any, filename: str) -> str:
    """``<app>/<model>/<year>/<random>.<ext>``: the one generated name for every stored file."""
    meta = instance._meta
    suffix = PurePath(filename).suffix.lower()[:10]
    year = timezone.now().year
    return f"{meta.app_label}/{meta.model_name}/{year}/{uuid.uuid4().hex}{suffix}"


def download_name(stem: str, file: FieldFile) -> str:
    """A readable file name for the person downloading: ``<stem><ext of the stored file>``."""
    suffix = PurePath(file.name or "").suffix.lower()
    return get_valid_filename(f"{stem}{suffix}") or f"file{suffix}"


def serve(request: HttpRequest, file: FieldFile, name: str) -> HttpResponse:
    """Hand ``file`` to the user as a download named ``name``.

    Call only after the file's owner was fetched through the access helper. On disk the
    file goes through django-sendfile2 (``X-Accel-Redirect`` behind nginx, streamed by
    Django in the embedded default); another storage is streamed by Django.
    """
    if not file:
        raise Http404
    if isinstance(file.storage, FileSystemStorage):
        response = sendfile(request, file.path, attachment=True, attachment_filename=name)
    else:
        response = FileResponse(file.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
