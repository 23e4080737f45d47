"""Glue between the audit trail library and the rest of the code."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import auditlog_value, set_actor
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model


@contextmanager
def audited_as(user: AbstractBaseUser | None) -> Iterator[None]:
    """Record the audit entries written inside the block as made by ``user`` (or nobody).

    Inside a request the audit middleware already holds the client address; it is kept,
    so every entry a service writes says where the change came from. Services reach this
    through ``accounts.actors.acting``, which turns their typed actor into a user.
    """
    try:
        current = dict(auditlog_value.get())
    except LookupError:
        current = {}
    try:
        with set_actor(
            user if getattr(user, "is_authenticated", False) else None,
            remote_addr=current.get("remote_addr"),
            remote_port=current.get("remote_port"),
        ):
            yield
    finally:
        # set_actor leaves its own context behind; the request's comes back.
        if current:
            auditlog_value.set(current)


def bulk_entries(changes: Iterable[tuple[Any, Model, Model | None]]) -> list[Any]:
    """Writes the audit entries of rows a bulk write changed (``bulk_create``, ``bulk_update``
    and queryset deletes send no signals): one entry per ``(action, row, row before)``, where
    action is ``"create"``, ``"update"`` or ``"delete"`` and the row before is the unchanged copy
    of an updated row; or ``("m2m", field, "add" | "delete", objects)`` for related objects
    linked to or unlinked from the row, recorded as the library records a many-to-many change.
    Each entry holds what the library's own signals would have written (the changed fields, the
    actor and client address of the audit context), and all of them are inserted in one
    statement; an update that changed nothing writes nothing."""
    from auditlog.cid import get_cid
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    try:
        context = dict(auditlog_value.get())
    except LookupError:
        context = {}
    actor = context.get("actor")
    actions = {
        "create": LogEntry.Action.CREATE,
        "update": LogEntry.Action.UPDATE,
        "delete": LogEntry.Action.DELETE,
    }
    entries = []
    for action, row, before in changes:
        if isinstance(action, tuple):  # ("m2m", field, "add" | "delete", [related objects])
            _kind, name, operation, objects = action
            diff = {
                name: {
                    "type": "m2m",
                    "operation": operation,
                    "objects": [str(obj) for obj in objects],
                }
            }
            action = "update"
        elif action == "delete":
            diff = model_instance_diff(row, None)
        elif action == "create":
            diff = model_instance_diff(None, row)
        else:
            diff = model_instance_diff(before, row)
        if not diff:
            continue
        additional = getattr(row, "get_additional_data", None)
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(row),
                object_pk=str(row.pk),
                object_id=row.pk if isinstance(row.pk, int) else None,
                object_repr=str(row),
                action=actions[action],
                changes=diff,
                additional_data=additional() if callable(additional) else None,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                actor_email=getattr(actor, "email", None) if actor is not None else None,
                remote_addr=context.get("remote_addr"),
                remote_port=context.get("remote_port"),
                cid=get_cid(),
            )
        )
    return LogEntry.objects.bulk_create(entries)


def reverse_relations(model: type[Model]) -> list[str]:
    """The names of the relations other models hold to ``model`` (reverse foreign keys and
    one-to-one links, whichever app declares them). The audit trail leaves them out: they are
    not the row's own values, and reading a reverse one-to-one costs a query per row written
    (a bulk import of 300 rows would make 300 more)."""
    return [
        field.name
        for field in model._meta.get_fields()
        if field.auto_created and not field.concrete and not field.many_to_many
    ]
