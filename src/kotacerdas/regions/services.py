"""State changes of regions and agencies: each one transaction, each audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.lib.audit import acting_as
from kotacerdas.lib.concurrency import check_version

from .models import Agency, Region
from .reference import agency_template

AGENCY_FIELDS = ("code", "acronym", "name", "kind")


def activate_region(region: Region, *, actor: Any) -> int:
    """Take a kabupaten/kota into the programme and create its standard agencies.

    Returns the number of agencies created. Running it again creates none that exist.
    """
    if region.is_province:
        raise ValidationError(
            _("A province cannot join the programme; choose a kabupaten or kota.")
        )
    with transaction.atomic(), acting_as(actor):
        region = Region.objects.select_for_update().get(code=region.code)
        existing = set(region.agencies.values_list("code", flat=True))
        new = [
            Agency(
                region=region,
                code=entry.code,
                acronym=entry.acronym,
                name=entry.name_id,
                kind=entry.kind,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            for entry in agency_template()
            if entry.code not in existing
        ]
        for agency in new:
            agency.save()  # one by one so that each creation enters the audit trail
        if not region.is_active:
            region.is_active = True
            region.activated_at = timezone.now()
            region.save(update_fields=["is_active", "activated_at"])
    return len(new)


def _unique_code(region: Region, wanted: str) -> str:
    base = slugify(wanted)[:36] or "opd"
    taken = set(region.agencies.values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def create_agency(region: Region, *, actor: Any, **fields: Any) -> Agency:
    """Add an agency to a region; the code is made from the acronym or name if not given."""
    with transaction.atomic(), acting_as(actor):
        code = fields.pop("code", "") or fields.get("acronym") or fields["name"]
        agency = Agency(region=region, created_by=actor, **fields)
        agency.code = _unique_code(region, code)
        agency.full_clean()
        agency.save()
    return agency


def update_agency(
    agency: Agency, *, actor: Any, opened_version: int | None, **fields: Any
) -> Agency:
    """Rename or re-classify an agency; refuses when someone else saved it meanwhile."""
    with transaction.atomic(), acting_as(actor):
        current = Agency.objects.select_for_update().get(pk=agency.pk)
        check_version(current, opened_version)
        for name, value in fields.items():
            if name in AGENCY_FIELDS:
                setattr(current, name, value)
        current.full_clean()
        current.save()
    return current


def retire_agency(agency: Agency, *, actor: Any) -> Agency:
    """Retire an agency: it stays on every record that refers to it, marked as retired."""
    with transaction.atomic(), acting_as(actor):
        current = Agency.objects.select_for_update().get(pk=agency.pk)
        if current.retired_at is None:
            current.retired_at = timezone.now()
            current.save(update_fields=["retired_at"])
    return current


def reinstate_agency(agency: Agency, *, actor: Any) -> Agency:
    with transaction.atomic(), acting_as(actor):
        current = Agency.objects.select_for_update().get(pk=agency.pk)
        if current.merged_into_id is not None:
            raise ValidationError(_("A merged agency cannot be reinstated."))
        if current.retired_at is not None:
            current.retired_at = None
            current.save(update_fields=["retired_at"])
    return current


def merge_agencies(source: Agency, target: Agency, *, actor: Any) -> int:
    """Move everything that refers to ``source`` onto ``target``, then retire ``source``.

    Works for every model with a foreign key to Agency, including those added by later
    modules, so nothing that pointed at the old agency is lost. Returns the number of
    rows moved.
    """
    if source.pk == target.pk:
        raise ValidationError(_("An agency cannot be merged into itself."))
    if source.region_id != target.region_id:
        raise ValidationError(_("Agencies can only be merged within one region."))
    if not target.is_active:
        raise ValidationError(_("Choose an active agency to merge into."))
    moved = 0
    with transaction.atomic(), acting_as(actor):
        for relation in Agency._meta.related_objects:
            field = relation.field
            if not isinstance(field, ForeignKey) or relation.related_model is Agency:
                continue
            for row in relation.related_model._default_manager.filter(**{field.name: source}):
                moved += _move_row(row, field.name, target)
        for relation in Agency._meta.related_objects:
            if relation.many_to_many:
                moved += _move_m2m(relation, source, target)
        source.merged_into = target
        source.retired_at = source.retired_at or timezone.now()
        source.save(update_fields=["merged_into", "retired_at"])
    return moved


def _move_row(row: Any, field_name: str, target: Agency) -> int:
    """Point one row at ``target``; a row that would duplicate one already there is removed.

    Such a row says nothing the target's row does not (e.g. the same person as editor of
    both agencies), and its removal is recorded in the audit trail.
    """
    setattr(row, field_name, target)
    try:
        with transaction.atomic():
            row.save()  # saved one by one so each move is in the audit trail
    except IntegrityError:
        type(row)._default_manager.get(pk=row.pk).delete()
        return 0
    return 1


def _move_m2m(relation: Any, source: Agency, target: Agency) -> int:
    accessor = relation.get_accessor_name()
    owners = list(getattr(source, accessor).all())
    for owner in owners:
        manager = getattr(owner, relation.field.name)
        manager.remove(source)
        manager.add(target)
    return len(owners)
