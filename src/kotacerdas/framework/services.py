"""State changes of the catalogue made in the application (not by the loader command)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.lib.audit import acting_as

from .instruments import InstrumentOutcome, load_instrument
from .loader import CatalogueError
from .models import Instrument

MAX_INSTRUMENT_BYTES = 2 * 1024 * 1024


def upload_instrument(upload: Any, *, actor: Any) -> InstrumentOutcome:
    """Load an instrument file sent by the national admin, as a draft version."""
    if not (upload.name or "").lower().endswith((".yaml", ".yml")):
        raise ValidationError({"file": _("Upload the instrument as a YAML file (.yaml).")})
    if upload.size > MAX_INSTRUMENT_BYTES:
        raise ValidationError({"file": _("The instrument file is larger than 2 MB.")})
    try:
        with acting_as(actor):
            return load_instrument(upload.read(), upload.name, publish=False)
    except CatalogueError as exc:
        raise ValidationError({"file": str(exc)}) from exc


def publish_instrument(instrument: Instrument, *, actor: Any) -> Instrument:
    """Make a draft version the one new assessments start on; it can no longer change."""
    if instrument.is_published:
        raise ValidationError(_("This version is already published."))
    with transaction.atomic(), acting_as(actor):
        instrument.published_at = timezone.now()
        instrument.save(update_fields=["published_at"])
    return instrument
