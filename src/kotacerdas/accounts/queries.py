"""Read side of accounts: memberships, invitations, members of a region, tokens, the audit
trail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kotacerdas.regions.models import Region

from .models import ApiToken, Invitation, Membership, Role, User


def memberships_for_home(user: User | AnonymousUser) -> QuerySet[Membership]:
    if not isinstance(user, User):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("region", "region__province", "agency")
        .order_by("region__code", "role")
    )


def invitations_for(user: User) -> QuerySet[Invitation]:
    """The invitations waiting for ``user``'s answer, newest first."""
    return Invitation.objects.pending().filter(user=user).select_related("region", "agency")


def pending_invitations_in(region: Region) -> QuerySet[Invitation]:
    """Invitations of a region nobody has answered yet, as whoever invites sees them."""
    return Invitation.objects.pending().filter(region=region).select_related("agency")


def members_of(region: Region) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(Q(region=region))
        .select_related("user", "agency")
        .order_by("role", "user__username")
    )


def users_with_roles(region_id: int, roles: Iterable[str]) -> QuerySet[User]:
    """Active users holding any of ``roles`` in the region (each once)."""
    return User.objects.filter(
        is_active=True, memberships__region_id=region_id, memberships__role__in=list(roles)
    ).distinct()


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created")


def history_of(obj: Any) -> QuerySet[LogEntry]:
    """Every audit entry of one object, newest first."""
    return (
        LogEntry.objects.get_for_object(obj)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def region_log(
    region: Region,
    *,
    model: str = "",
    actor: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[LogEntry]:
    """The region-wide audit log with the filters of its page, newest first."""
    entries = LogEntry.objects.filter(
        Q(additional_data__region_id=region.pk)
        | Q(content_type=ContentType.objects.get_for_model(Region), object_pk=str(region.pk))
    )
    if model:
        app_label, _, model_name = model.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model_name)
    if actor:
        entries = entries.filter(actor__username=actor)
    if action.isdigit():
        entries = entries.filter(action=int(action))
    if since:
        entries = entries.filter(timestamp__date__gte=since)
    if until:
        entries = entries.filter(timestamp__date__lte=until)
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")


@dataclass(frozen=True)
class ChangeRow:
    """One audit entry as the history pages show it: field labels and readable values."""

    entry: LogEntry
    changes: list[tuple[str, str, str]]


def _field(model: Any, name: str) -> Any:
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) else None


def _label(model: Any, name: str, field: Any) -> str:
    """The field's verbose name; many-to-many fields too, which ``_field`` leaves out."""
    if field is None and model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
    return str(getattr(field, "verbose_name", name))


def _old_and_new(values: Any) -> tuple[Any, Any]:
    """The old and new value of one field, whatever shape the audit trail stored.

    django-auditlog stores ``[old, new]``; older or hand-written entries may hold a list
    of one value, an empty list, a bare value or ``None``. Many-to-many changes are
    dictionaries, read by ``_m2m_text``.
    """
    if isinstance(values, list | tuple):
        if len(values) >= 2:
            return values[0], values[-1]
        return None, values[0] if values else None
    return None, values


def _changes_of(entry: LogEntry) -> dict[str, Any]:
    changes = entry.changes_dict
    return changes if isinstance(changes, dict) else {}


def _is_m2m(values: Any) -> bool:
    return isinstance(values, dict) and values.get("type") == "m2m"


def _m2m_text(values: dict[str, Any]) -> str:
    """``{"type": "m2m", "operation": "add" | "delete", "objects": [...]}`` as a sentence.

    auditlog records ``clear()`` as a ``delete`` of every object that was linked.
    """
    objects = values.get("objects") or []
    names = ", ".join(str(o) for o in objects) if isinstance(objects, list) else str(objects)
    names = names or "–"
    operation = values.get("operation")
    if operation == "add":
        return _("added: %(objects)s") % {"objects": names}
    if operation in ("delete", "remove", "clear"):
        return _("removed: %(objects)s") % {"objects": names}
    return names


def describe_changes(entries: Iterable[LogEntry]) -> list[ChangeRow]:
    """Readable rows for a page of audit entries, with one query per referenced model.

    Foreign keys are stored as ids in the audit trail; they are looked up in one batch so
    a page of 50 entries costs the same few queries as a page of one.
    """
    entries = list(entries)
    wanted: dict[Any, set[str]] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in _changes_of(entry).items():
            field = _field(model, name)
            if field is None or not (field.is_relation and field.many_to_one):
                continue
            if _is_m2m(values):
                continue
            wanted.setdefault(field.related_model, set()).update(
                str(v) for v in _old_and_new(values) if v not in (None, "None", "")
            )
    names = {
        related: {str(obj.pk): str(obj) for obj in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
        if ids
    }
    return [_row(entry, names) for entry in entries]


def _row(entry: LogEntry, names: dict[Any, dict[str, str]]) -> ChangeRow:
    model = entry.content_type.model_class()
    changes = []
    for name, values in _changes_of(entry).items():
        field = _field(model, name)
        label = _label(model, name, field)
        if _is_m2m(values):
            changes.append((label, "–", _m2m_text(values)))
            continue
        lookup = (
            names.get(field.related_model, {}) if field is not None and field.is_relation else {}
        )
        old, new = (_readable(v, lookup) for v in _old_and_new(values))
        changes.append((label, old, new))
    return ChangeRow(entry, changes)


def _readable(value: Any, lookup: dict[str, str]) -> str:
    if value in (None, "None", ""):
        return "–"
    return lookup.get(str(value), str(value))


def agency_editors(agency_ids: Iterable[int]) -> QuerySet[User]:
    """Active editors of any of the agencies ``agency_ids`` (each once)."""
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.AGENCY_EDITOR,
        memberships__agency_id__in=list(agency_ids),
    ).distinct()


def editors_by_agency(agency_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active editors of each agency in ``agency_ids``: one query."""
    found: dict[int, list[User]] = {}
    rows = Membership.objects.filter(
        role=Role.AGENCY_EDITOR, agency_id__in=list(agency_ids), user__is_active=True
    ).select_related("user")
    for membership in rows.order_by("agency_id", "user_id"):
        if membership.agency_id is not None:
            found.setdefault(membership.agency_id, []).append(membership.user)
    return found
