"""Applying a filled-in programme catalogue: all or nothing, in a fixed number of queries.

The import locks the masterplan and checks once that the actor may import into it; then each
row is held to the programme services' rules (``programmes.checks`` with what they would read
per row read once, and the same ``planning.change_programme`` rule before and after the row's
values, checked in memory) and every refusal is reported against the row (and column) it came
from. Only when every row passes is anything written: programmes, supporting agencies and
funding lines by bulk statements, and one audit entry per row added, changed or removed
(written together, with the actor and client address, as the audit signals would have).
"""

from __future__ import annotations

import copy
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import disable_auditlog
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.accounts.actors import Actor, acting, allowed, require, user_of
from kotacerdas.jobs.models import Job
from kotacerdas.jobs.services import enqueue_job
from kotacerdas.lib.audit import bulk_entries
from kotacerdas.lib.concurrency import ConcurrentEditError, check_version
from kotacerdas.lib.xlsx import CellError

from ..masterplans.locks import ensure_draft, lock_masterplan
from ..masterplans.models import Masterplan
from ..programmes.checks import Attachments, Known, check_programme
from ..programmes.models import FundingLine, Programme, ProgrammeSupport
from ..programmes.queries import attach_supporting_agencies
from ..programmes.services import PROGRAMME_FIELDS
from .layout import Check, Layout, layout
from .queries import Planned, Preview, preview_import
from .sheets import sheet_sets

IMPORT_PERM = "planning.add_programme"
IMPORT_KIND = "planning.import_programmes"


class _Undo(Exception):
    """A registered sheet set refused its rows after the programmes were written: roll back."""


class ImportRefused(Exception):
    """The file has errors; nothing was written. ``errors`` says where and why."""

    def __init__(self, errors: Sequence[CellError]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        super().__init__(
            ngettext("The file has %(count)d error.", "The file has %(count)d errors.", count)
            % {"count": count}
        )


def _refusal(item: Planned, check: Check) -> None:
    """Where the programme rule refused the actor: the row's id, or its lead agency for a new
    programme (an agency editor imports only programmes their agency leads)."""
    sheet = check.names.programmes
    if item.existing is None:
        message = _("You may only import programmes your agency leads.")
        check.add(sheet, item.row, "lead_agency", message)
    else:
        message = _("You may not change programme %(code)s.") % {"code": item.existing.code}
        check.add(sheet, item.row, "id", message)


@dataclass
class _Writes:
    """What the import will write once every row has passed."""

    new: list[Programme] = field(default_factory=list)
    changed: list[tuple[Programme, Programme]] = field(default_factory=list)  # (now, before)
    parts: list[tuple[Programme, Planned]] = field(default_factory=list)


def _accept(
    item: Planned, plan: Masterplan, current: dict[int, Programme], known: Known, actor: Actor
) -> tuple[Programme, Programme | None]:
    """The row's programme with its new values, and a copy as it was (``None`` when new), once
    the actor may write it and every rule holds; raises as the programme services would."""
    if item.existing is None:
        programme = Programme(masterplan=plan, created_by=user_of(actor))
        before = None
    else:
        if item.existing.pk not in current:
            raise ConcurrentEditError(item.existing)  # removed meanwhile
        programme = current[item.existing.pk]
        programme.masterplan = plan
        if not allowed(actor, "planning.change_programme", programme):
            raise PermissionDenied
        check_version(programme, item.version)
        before = copy.copy(programme)
    for name, value in item.fields.items():
        if name in PROGRAMME_FIELDS:
            setattr(programme, name, value)
    # An editor adds, or hands a programme to, only an agency they edit.
    if not allowed(actor, "planning.change_programme", programme):
        raise PermissionDenied
    parts = Attachments(supports=item.supports, funding=item.funding, goals=item.goals)
    check_programme(plan, programme, parts, known)
    return programme, before


def _check_all(
    items: Sequence[Planned], plan: Masterplan, actor: Actor
) -> tuple[_Writes, list[CellError]]:
    """Every row held to the rules, with the rows it changes locked; the writes and the
    errors."""
    check = Check(layout(), [])
    ids = [item.existing.pk for item in items if item.existing is not None]
    current = {
        p.pk: p
        for p in Programme.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, masterplan=plan)
        .order_by()
    }
    attach_supporting_agencies(list(current.values()))
    known = Known.of(plan, ids)
    writes = _Writes()
    for stand_in, item in enumerate(items, start=1):
        try:
            programme, before = _accept(item, plan, current, known, actor)
        except ValidationError as exc:
            check.errors.extend(_service_error(item, check.names, m) for m in exc.messages)
            continue
        except PermissionDenied:
            _refusal(item, check)
            continue
        except ConcurrentEditError as exc:
            check.errors.append(_service_error(item, check.names, str(exc)))
            continue
        known.took(programme, programme.pk if programme.pk is not None else -stand_in)
        if before is None:
            writes.new.append(programme)
        else:
            writes.changed.append((programme, before))
        writes.parts.append((programme, item))
    return writes, sorted(check.errors, key=lambda error: error.row)


def _write_programmes(writes: _Writes) -> list[tuple[Any, Model, Model | None]]:
    Programme.objects.bulk_create(writes.new)
    now = timezone.now()
    for programme, _before in writes.changed:
        programme.version += 1
        programme.updated = now
    names = [Programme._meta.get_field(name).attname for name in PROGRAMME_FIELDS]  # type: ignore[union-attr]
    if writes.changed:
        Programme.objects.bulk_update(
            [programme for programme, _before in writes.changed], [*names, "version", "updated"]
        )
    audit: list[tuple[Any, Model, Model | None]] = [("create", p, None) for p in writes.new]
    audit += [("update", p, before) for p, before in writes.changed]
    return audit


def _write_parts(writes: _Writes, actor: Actor) -> list[tuple[Any, Model, Model | None]]:
    """Supporting agencies and funding lines as the file has them: rows kept where they match
    (a funding line by position, as the programme form saves them), added, changed or
    removed."""
    user = user_of(actor)
    ids = [p.pk for p, _item in writes.parts]
    by_pk = {p.pk: p for p, _item in writes.parts}  # what their audit entries read
    supports: dict[int, dict[int, ProgrammeSupport]] = defaultdict(dict)
    for support in (
        ProgrammeSupport.objects.filter(programme_id__in=ids)
        .select_related("agency")
        .order_by("pk")
    ):
        support.programme = by_pk[support.programme_id]
        supports[support.programme_id][support.agency_id] = support
    funding: dict[int, list[FundingLine]] = defaultdict(list)
    for line in FundingLine.objects.filter(programme_id__in=ids).order_by("pk"):
        line.programme = by_pk[line.programme_id]
        funding[line.programme_id].append(line)
    new_supports: list[ProgrammeSupport] = []
    new_lines: list[FundingLine] = []
    changed_supports: list[tuple[ProgrammeSupport, ProgrammeSupport]] = []
    changed_lines: list[tuple[FundingLine, FundingLine]] = []
    removed: list[ProgrammeSupport | FundingLine] = []
    for programme, item in writes.parts:
        existing = supports[programme.pk]
        wanted = {wish.agency.pk: wish for wish in item.supports}
        removed += [row for agency, row in existing.items() if agency not in wanted]
        for agency, wish in wanted.items():
            now = existing.get(agency)
            if now is None:
                new_supports.append(
                    ProgrammeSupport(
                        programme=programme,
                        agency=wish.agency,
                        role=wish.role,
                        created_by=user,
                    )
                )
            elif now.role != wish.role:
                old_support = copy.copy(now)
                now.role = wish.role
                changed_supports.append((now, old_support))
        lines = funding[programme.pk]
        for row, given in zip(lines, item.funding, strict=False):
            if (row.source, row.year, row.amount) != (given.source, given.year, given.amount):
                old_line = copy.copy(row)
                row.source, row.year, row.amount = given.source, given.year, given.amount
                changed_lines.append((row, old_line))
        removed += lines[len(item.funding) :]
        new_lines += [
            FundingLine(
                programme=programme,
                source=given.source,
                year=given.year,
                amount=given.amount,
                created_by=user,
            )
            for given in item.funding[len(lines) :]
        ]
    with disable_auditlog():  # their entries are written with the others, in one statement
        ProgrammeSupport.objects.filter(
            pk__in=[r.pk for r in removed if isinstance(r, ProgrammeSupport)]
        ).delete()
        FundingLine.objects.filter(
            pk__in=[r.pk for r in removed if isinstance(r, FundingLine)]
        ).delete()
    _bulk_change(ProgrammeSupport, changed_supports, ["role"])
    _bulk_change(FundingLine, changed_lines, ["source", "year", "amount"])
    ProgrammeSupport.objects.bulk_create(new_supports)
    FundingLine.objects.bulk_create(new_lines)
    audit: list[tuple[Any, Model, Model | None]] = [("delete", row, None) for row in removed]
    audit += [("update", row, before) for row, before in [*changed_supports, *changed_lines]]
    audit += [("create", row, None) for row in [*new_supports, *new_lines]]
    audit += _write_goals(writes)
    return audit


def _write_goals(writes: _Writes) -> list[tuple[Any, Model, Model | None]]:
    """The goals each programme serves, as the file names them: links kept, added or removed in
    three statements, each change audited as a many-to-many change of the programme."""
    through = Programme.goals.through
    ids = [p.pk for p, _item in writes.parts]
    linked: dict[int, set[int]] = defaultdict(set)
    names = {goal.pk: goal for _p, item in writes.parts for goal in item.goals}
    for row in through.objects.filter(programme_id__in=ids).select_related("goal"):
        linked[row.programme_id].add(row.goal_id)
        names[row.goal_id] = row.goal
    unlink: list[tuple[int, int]] = []
    link: list[Any] = []
    audit: list[tuple[Any, Model, Model | None]] = []
    for programme, item in writes.parts:
        wanted = {goal.pk for goal in item.goals}
        now = linked[programme.pk]
        gone, added = sorted(now - wanted), sorted(wanted - now)
        unlink += [(programme.pk, goal_id) for goal_id in gone]
        link += [through(programme_id=programme.pk, goal_id=goal_id) for goal_id in added]
        if gone:
            audit.append((("m2m", "goals", "delete", [names[g] for g in gone]), programme, None))
        if added:
            audit.append((("m2m", "goals", "add", [names[g] for g in added]), programme, None))
    if unlink:
        condition = Q()
        for programme_id, goal_id in unlink:
            condition |= Q(programme_id=programme_id, goal_id=goal_id)
        through.objects.filter(condition).delete()
    through.objects.bulk_create(link)
    return audit


def _bulk_change(
    model: type[ProgrammeSupport] | type[FundingLine],
    change: Sequence[tuple[ProgrammeSupport | FundingLine, object]],
    fields: list[str],
) -> None:
    """Saves the rows changed in memory in one statement, each one version further."""
    if not change:
        return
    now = timezone.now()
    for row, _before in change:
        row.version += 1
        row.updated = now
    rows = [row for row, _before in change]
    model.objects.bulk_update(rows, [*fields, "version", "updated"])  # type: ignore[arg-type]


def _service_error(item: Planned, names: Layout, message: str) -> CellError:
    return CellError(names.programmes, item.row, "", f"{item.code}: {message}")


def queue_import(masterplan: Masterplan, data: bytes, *, actor: Actor) -> Job:
    """Keep the file for a worker and queue its import (``planning.import_programmes``).

    The worker applies it with ``apply_import`` as the actor, all or nothing, and deletes the
    kept file afterwards. Nothing is checked row by row here: the worker does it.
    """
    with transaction.atomic():
        plan = lock_masterplan(masterplan.pk)
        require(actor, IMPORT_PERM, plan)
        ensure_draft(plan)
        name = default_storage.save(
            f"jobs/planning-import/{uuid.uuid4().hex}.xlsx", ContentFile(data)
        )
        try:
            return enqueue_job(
                actor=actor,
                kind=IMPORT_KIND,
                region=plan.region,
                params={"masterplan": plan.pk, "file": name},
            )
        except BaseException:
            default_storage.delete(name)
            raise


def _apply_extras(plan: Masterplan, preview: Preview, actor: Actor) -> list[CellError]:
    """The registered sheets' work (indicators and targets), after the programmes; their
    errors, each against its row."""
    check = Check(layout(), [])
    for extra in sheet_sets():
        work = preview.extras.get(extra.key)
        if work is not None and work.changes:
            extra.apply(plan, work, actor, check.add)
    return sorted(check.errors, key=lambda error: (error.sheet, error.row))


def apply_import(masterplan: Masterplan, data: bytes, *, actor: Actor) -> Preview:
    """Check the file again and write every added and changed programme, all or nothing.

    Checks once that the actor may import into the masterplan, then holds every row to the
    programme rules (an agency editor adds and changes only programmes their agency leads).
    Raises ``ImportRefused`` with every error when anything is wrong (in the file, in the rules of
    the programme services, or because someone changed a programme meanwhile). The number of
    queries does not grow with the number of programme rows; registered sheets (indicators)
    write through their own services, after the programmes, and their errors undo it all."""
    preview = preview_import(masterplan, data)
    if preview.errors:
        raise ImportRefused(preview.errors)
    try:
        with transaction.atomic(), acting(actor):
            plan = lock_masterplan(masterplan.pk)
            try:
                ensure_draft(plan)
            except ValidationError as exc:
                raise ImportRefused([CellError("", 0, "", m) for m in exc.messages]) from exc
            require(actor, IMPORT_PERM, plan)
            writes, failures = _check_all([*preview.added, *preview.changed], plan, actor)
            if not failures:
                audit = _write_programmes(writes)
                audit += _write_parts(writes, actor)
                bulk_entries(audit)
                failures = _apply_extras(plan, preview, actor)
                if failures:
                    raise _Undo
    except _Undo:
        pass
    if failures:
        raise ImportRefused(failures)
    return preview
