"""Applying a filled-in programme catalogue: through the programme services, all or nothing.

Each programme is written by ``create_programme``/``update_programme``, which check the actor's
permission, lock and audit; the import adds no rule of its own and reports every refusal against
the row (and column) it came from.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.accounts.actors import Actor
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.xlsx import CellError

from ..masterplans.models import Masterplan
from ..programmes.checks import Attachments
from ..programmes.services import create_programme, update_programme
from .layout import Check, Layout, layout
from .queries import Planned, Preview, preview_import


class ImportRefused(Exception):
    """The file has errors; nothing was written. ``errors`` says where and why."""

    def __init__(self, errors: Sequence[CellError]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        super().__init__(
            ngettext("The file has %(count)d error.", "The file has %(count)d errors.", count)
            % {"count": count}
        )


def _write(item: Planned, masterplan: Masterplan, actor: Actor) -> None:
    parts = Attachments(supports=item.supports, funding=item.funding, goals=item.goals)
    if item.existing is None:
        create_programme(masterplan, actor=actor, fields=item.fields, parts=parts)
    else:
        update_programme(
            item.existing,
            actor=actor,
            opened_version=item.version,
            fields=item.fields,
            parts=parts,
        )


def _refusal(item: Planned, check: Check) -> None:
    """Where a programme service refused the actor: the row's id, or its lead agency for a new
    programme (an agency editor imports only programmes their agency leads)."""
    sheet = check.names.programmes
    if item.existing is None:
        message = _("You may only import programmes your agency leads.")
        check.add(sheet, item.row, "lead_agency", message)
    else:
        message = _("You may not change programme %(code)s.") % {"code": item.existing.code}
        check.add(sheet, item.row, "id", message)


def _write_all(items: Sequence[Planned], masterplan: Masterplan, actor: Actor) -> list[CellError]:
    """Write every programme through its service, each in a savepoint; the errors it met."""
    check = Check(layout(), [])
    for item in items:
        try:
            with transaction.atomic():
                _write(item, masterplan, actor)
        except ValidationError as exc:
            check.errors.extend(_service_error(item, check.names, m) for m in exc.messages)
        except PermissionDenied:
            _refusal(item, check)
        except ConcurrentEditError as exc:
            check.errors.append(_service_error(item, check.names, str(exc)))
    return sorted(check.errors, key=lambda error: error.row)


def _service_error(item: Planned, names: Layout, message: str) -> CellError:
    return CellError(names.programmes, item.row, "", f"{item.code}: {message}")


def apply_import(masterplan: Masterplan, data: bytes, *, actor: Actor) -> Preview:
    """Check the file again and write every added and changed programme, all or nothing.

    Every programme goes through the programme services, which check the actor's permission.
    Raises ``ImportRefused`` with every error when anything is wrong (in the file, in the rules of
    the programme services, or because someone changed a programme meanwhile)."""
    preview = preview_import(masterplan, data)
    if preview.errors:
        raise ImportRefused(preview.errors)
    with transaction.atomic():
        failures = _write_all([*preview.added, *preview.changed], masterplan, actor)
        if failures:
            transaction.set_rollback(True)
    if failures:
        raise ImportRefused(failures)
    return preview
