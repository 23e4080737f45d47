"""The audit trail as officials read it: every history and change-log page renders its
entries through ``describe_changes``.

django-auditlog stores raw values: action codes, field names, ids of related rows, ``True``,
choice codes, decimals, UTC timestamps, and on creation even the reverse relations
(``accounts.Membership.None``). Here each becomes what the forms show: the action in words,
the field's ``verbose_name``, the related row's name (one query per referenced model for a
whole page), Yes/No, the choice's label, Rupiah, a local date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.lib.formatting import rupiah
from kotacerdas.lib.models import MoneyField

DATETIME_FORMAT = "j F Y H:i T"
DATE_FORMAT = "j F Y"
EMPTY = "–"

ACTIONS: dict[int, str | Promise] = {
    LogEntry.Action.CREATE: gettext_lazy("Created"),
    LogEntry.Action.UPDATE: gettext_lazy("Changed"),
    LogEntry.Action.DELETE: gettext_lazy("Deleted"),
    LogEntry.Action.ACCESS: gettext_lazy("Accessed"),
}


def action_choices() -> list[tuple[str, str | Promise]]:
    """The actions as a filter form offers them (value = auditlog's code)."""
    return [(str(code), label) for code, label in ACTIONS.items()]


@dataclass(frozen=True)
class ChangeRow:
    """One audit entry as the history pages show it: the action in words, and each changed
    field as (label, old, new) in readable text."""

    entry: LogEntry
    changes: list[tuple[str, str, str]]

    @property
    def action(self) -> str:
        return str(ACTIONS.get(self.entry.action, self.entry.get_action_display()))


def _changes_of(entry: LogEntry) -> dict[str, Any]:
    changes = entry.changes_dict
    return changes if isinstance(changes, dict) else {}


def _model_field(model: Any, name: str) -> Any:
    """The field (forward or reverse) named in an entry; ``None`` if the model lost it."""
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_reverse(field: Any) -> bool:
    return field is not None and field.auto_created and not field.concrete


def _is_m2m(values: Any) -> bool:
    return isinstance(values, dict) and values.get("type") == "m2m"


def _label(field: Any, name: str) -> str:
    """The field's ``verbose_name``; a reverse relation is named by its model's plural."""
    if field is None:
        return name.replace("_", " ")
    if _is_reverse(field):
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


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


def _m2m_text(values: dict[str, Any]) -> str:
    """``{"type": "m2m", "operation": "add" | "delete", "objects": [...]}`` as a sentence.

    auditlog records ``clear()`` as a ``delete`` of every object that was linked; the objects
    are stored by name already.
    """
    objects = values.get("objects") or []
    names = ", ".join(str(o) for o in objects) if isinstance(objects, list) else str(objects)
    names = names or EMPTY
    operation = values.get("operation")
    if operation == "add":
        return _("added: %(objects)s") % {"objects": names}
    if operation in ("delete", "remove", "clear"):
        return _("removed: %(objects)s") % {"objects": names}
    return names


def _is_blank(value: Any) -> bool:
    return value is None or value in ("None", "")


def _wanted_names(entries: list[LogEntry]) -> dict[Any, set[str]]:
    """The ids of related rows each page needs, grouped by the model they point to."""
    wanted: dict[Any, set[str]] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in _changes_of(entry).items():
            field = _model_field(model, name)
            if _is_m2m(values) or field is None or _is_reverse(field):
                continue
            if field.is_relation and (field.many_to_one or field.one_to_one):
                wanted.setdefault(field.related_model, set()).update(
                    str(v) for v in _old_and_new(values) if not _is_blank(v)
                )
    return wanted


def describe_changes(entries: Iterable[LogEntry]) -> list[ChangeRow]:
    """Readable rows for a page of audit entries, with one query per referenced model.

    Foreign keys are stored as ids in the audit trail; they are looked up in one batch so
    a page of 50 entries costs the same few queries as a page of one. A row deleted since
    shows as ``#id``.
    """
    entries = list(entries)
    names: dict[Any, dict[str, str]] = {}
    for related, ids in _wanted_names(entries).items():
        pks = [pk for pk in ids if pk.isdigit()] if _integer_pk(related) else list(ids)
        if pks:
            rows = related._default_manager.filter(pk__in=pks)
            names[related] = {str(obj.pk): str(obj) for obj in rows}
    return [_row(entry, names) for entry in entries]


def _integer_pk(model: Any) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField)


def _row(entry: LogEntry, names: dict[Any, dict[str, str]]) -> ChangeRow:
    model = entry.content_type.model_class()
    changes = []
    for name, values in _changes_of(entry).items():
        field = _model_field(model, name)
        if _is_m2m(values):
            changes.append((_label(field, name), EMPTY, _m2m_text(values)))
            continue
        if _is_reverse(field):
            # auditlog writes a related manager ("accounts.Membership.None") on creation and
            # deletion: it says nothing about the record.
            continue
        old, new = (_readable(field, v, names) for v in _old_and_new(values))
        changes.append((_label(field, name), old, new))
    return ChangeRow(entry, changes)


def _readable(field: Any, value: Any, names: dict[Any, dict[str, str]]) -> str:
    """One stored value as the pages show that field."""
    if _is_blank(value):
        return EMPTY
    text = str(value)
    if field is None:
        return text
    if field.is_relation:
        return names.get(field.related_model, {}).get(text, f"#{text}")
    if field.choices:
        return str(dict((str(k), v) for k, v in field.flatchoices).get(text, text))
    if isinstance(field, models.BooleanField):
        return _boolean(text)
    if isinstance(field, models.DecimalField):
        return _decimal(field, text)
    if isinstance(field, models.DateTimeField):
        return _datetime(text)
    if isinstance(field, models.DateField):
        return _date(text)
    return text


def _boolean(text: str) -> str:
    if text in ("True", "true", "1"):
        return _("Yes")
    if text in ("False", "false", "0"):
        return _("No")
    return text


def _decimal(field: Any, text: str) -> str:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if isinstance(field, MoneyField):
        return rupiah(number)
    return formats.number_format(number, use_l10n=True)


def _datetime(text: str) -> str:
    """auditlog stores date-times as naive UTC; shown in the active (region's) time zone."""
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        return text
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return formats.date_format(timezone.localtime(moment), DATETIME_FORMAT)


def _date(text: str) -> str:
    try:
        day = parse_date(text[:10])
    except ValueError:
        day = None
    return formats.date_format(day, DATE_FORMAT) if day else text
