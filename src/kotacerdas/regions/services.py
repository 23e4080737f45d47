"""State changes of regions and agencies: each one transaction, each audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.lib.concurrency import check_version

from .models import Agency, Region
from .reference import agency_template

AGENCY_FIELDS = ("code", "acronym", "name", "kind")


def activate_region(region: Region, *, actor: Actor) -> int:
    """Take a kabupaten/kota into the programme and create its standard agencies.

    Returns the number of agencies created. Running it again creates none that exist.
    """
    with transaction.atomic():
        current = Region.objects.select_for_update().get(pk=region.pk)
        require(actor, "regions.activate_region", current)
        if current.is_province:
            raise ValidationError(
                _("A province cannot join the programme; choose a kabupaten or kota.")
            )
        existing = set(current.agencies.values_list("code", flat=True))
        new = [
            Agency(
                region=current,
                code=entry.code,
                acronym=entry.acronym,
                name=entry.name_id,
                kind=entry.kind,
                created_by=user_of(actor),
            )
            for entry in agency_template()
            if entry.code not in existing
        ]
        with acting(actor):
            for agency in new:
                agency.save()  # one by one so that each creation enters the audit trail
            if not current.is_active:
                current.is_active = True
                current.activated_at = timezone.now()
                current.save(update_fields=["is_active", "activated_at"])
    return len(new)


def set_time_zone(region: Region, *, actor: Actor, time_zone: str) -> Region:
    """Change the time zone a region's pages show dates in (national administrator)."""
    with transaction.atomic():
        current = Region.objects.select_for_update().get(pk=region.pk)
        require(actor, "regions.change_time_zone", current)
        if time_zone not in Region.TimeZone.values:
            raise ValidationError({"time_zone": _("Choose WIB, WITA or WIT.")})
        if current.time_zone != time_zone:
            current.time_zone = time_zone
            with acting(actor):
                current.save(update_fields=["time_zone"])
    return current


def _unique_code(region: Region, wanted: str) -> str:
    base = slugify(wanted)[:36] or "opd"
    taken = set(region.agencies.values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def create_agency(region: Region, *, actor: Actor, **fields: Any) -> Agency:
    """Add an agency to a region; the code is made from the acronym or name if not given.

    The region's row is locked so that two agencies created at once get distinct codes.
    """
    with transaction.atomic():
        current = Region.objects.select_for_update().get(pk=region.pk)
        require(actor, "regions.manage_agencies", current)
        code = fields.pop("code", "") or fields.get("acronym") or fields["name"]
        agency = Agency(region=current, created_by=user_of(actor), **fields)
        agency.code = _unique_code(current, code)
        agency.full_clean()
        with acting(actor):
            agency.save()
    return agency


def _locked_agency(agency: Agency, actor: Actor) -> Agency:
    """The agency as it is now, locked, once ``actor`` may change it (inside a transaction)."""
    current = Agency.objects.select_for_update().get(pk=agency.pk)
    require(actor, "regions.change_agency", current)
    return current


def update_agency(
    agency: Agency, *, actor: Actor, opened_version: int | None, **fields: Any
) -> Agency:
    """Rename or re-classify an agency; refuses when someone else saved it meanwhile."""
    with transaction.atomic():
        current = _locked_agency(agency, actor)
        check_version(current, opened_version)
        for name, value in fields.items():
            if name in AGENCY_FIELDS:
                setattr(current, name, value)
        current.full_clean()
        with acting(actor):
            current.save()
    return current


def retire_agency(agency: Agency, *, actor: Actor) -> Agency:
    """Retire an agency: it stays on every record that refers to it, marked as retired."""
    with transaction.atomic():
        current = _locked_agency(agency, actor)
        if current.retired_at is None:
            current.retired_at = timezone.now()
            with acting(actor):
                current.save(update_fields=["retired_at"])
    return current


def reinstate_agency(agency: Agency, *, actor: Actor) -> Agency:
    """Bring a retired agency back; a merged one stays merged."""
    with transaction.atomic():
        current = _locked_agency(agency, actor)
        if current.merged_into_id is not None:
            raise ValidationError(_("A merged agency cannot be reinstated."))
        if current.retired_at is not None:
            current.retired_at = None
            with acting(actor):
                current.save(update_fields=["retired_at"])
    return current


def merge_agencies(source: Agency, target: Agency, *, actor: Actor) -> int:
    """Move everything that refers to ``source`` onto ``target``, then retire ``source``.

    Works for every model with a foreign key to Agency, including those added by later
    modules, so nothing that pointed at the old agency is lost. Returns the number of
    rows moved.
    """
    with transaction.atomic():
        # Both rows locked in one statement, in id order, so two merges cannot deadlock.
        locked = {
            a.pk: a
            for a in Agency.objects.select_for_update()
            .filter(pk__in=[source.pk, target.pk])
            .order_by("pk")
        }
        source, target = locked[source.pk], locked[target.pk]
        require(actor, "regions.change_agency", source)
        require(actor, "regions.change_agency", target)
        _check_merge(source, target)
        with acting(actor):
            moved = _move_references(source, target)
            source.merged_into = target
            source.retired_at = source.retired_at or timezone.now()
            source.save(update_fields=["merged_into", "retired_at"])
    return moved


def _check_merge(source: Agency, target: Agency) -> None:
    if source.pk == target.pk:
        raise ValidationError(_("An agency cannot be merged into itself."))
    if source.region_id != target.region_id:
        raise ValidationError(_("Agencies can only be merged within one region."))
    if not target.is_active:
        raise ValidationError(_("Choose an active agency to merge into."))


def _move_references(source: Agency, target: Agency) -> int:
    moved = 0
    for relation in Agency._meta.related_objects:
        field = relation.field
        if not isinstance(field, ForeignKey) or relation.related_model is Agency:
            continue
        for row in relation.related_model._default_manager.filter(**{field.name: source}):
            moved += _move_row(row, field.name, target)
    for relation in Agency._meta.related_objects:
        if relation.many_to_many:
            moved += _move_m2m(relation, source, target)
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
