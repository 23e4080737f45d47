"""State changes of the catalogue made in the application (not by the loader command).

Each takes the ``actor`` it acts for, checks the actor's permission inside its
transaction on the row it locked, then the row's state, and writes inside
``acting(actor)``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require
from kotacerdas.lib.files import Kind, check_upload

from .instruments import InstrumentOutcome, load_instrument
from .loader import CatalogueError
from .models import Instrument


def upload_instrument(upload: UploadedFile, *, actor: Actor) -> InstrumentOutcome:
    """Load an instrument file sent by the national admin, as a draft version."""
    with transaction.atomic():
        # Checked before the file is read; the loader checks again on the row it locks.
        require(actor, "framework.upload_instrument")
        try:
            check_upload(upload, Kind.INSTRUMENT)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        try:
            return load_instrument(upload.read(), upload.name or "", publish=False, actor=actor)
        except CatalogueError as exc:
            raise ValidationError({"file": str(exc)}) from exc


def publish_instrument(instrument: Instrument, *, actor: Actor) -> Instrument:
    """Make a draft version the one new assessments start on; it can no longer change."""
    with transaction.atomic():
        current = Instrument.objects.select_for_update().get(pk=instrument.pk)
        require(actor, "framework.publish_instrument", current)
        if current.is_published:
            raise ValidationError(_("This version is already published."))
        current.published_at = timezone.now()
        with acting(actor):
            current.save(update_fields=["published_at"])
    return current
