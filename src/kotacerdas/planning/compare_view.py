"""Two snapshots of a masterplan compared section by section, ready for a page or the API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from .models import Masterplan, Mission, Programme, Stakeholder, TeamMember
from .snapshot import SECTIONS, Snapshot, label_of, take_snapshot

SECTION_LABELS = {
    "team": _("Team"),
    "stakeholders": _("Stakeholders"),
    "strategy": _("Strategy"),
    "programmes": _("Programmes"),
}


SECTION_MODELS: dict[str, Any] = {
    "team": TeamMember,
    "stakeholders": Stakeholder,
    "strategy": Mission,
    "programmes": Programme,
}
EXTRA_LABELS = {
    "supports": _("supporting agencies"),
    "funding": _("funding"),
    "depends_on": _("depends on"),
    "mission": _("mission"),
    "dimension": _("dimension"),
}


def field_label(section: str, name: str) -> Any:
    """The field's name as the forms show it."""
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    try:
        return SECTION_MODELS[section]._meta.get_field(name).verbose_name
    except (KeyError, FieldDoesNotExist, AttributeError):
        return name


def compare_versions(
    masterplan: Masterplan, old: Snapshot | None, new: Snapshot | None
) -> list[dict[str, Any]]:
    """``None`` stands for the masterplan as it is now."""
    from .compare import compare_snapshots

    current = take_snapshot(masterplan) if old is None or new is None else None
    old = old if old is not None else current
    new = new if new is not None else current
    assert old is not None and new is not None  # noqa: S101 - narrowed above
    sections = []
    for diff in compare_snapshots(old, new, SECTIONS):
        before, after = old.get(diff.section, {}), new.get(diff.section, {})
        sections.append(
            {
                "section": diff.section,
                "label": SECTION_LABELS.get(diff.section, diff.section),
                "added": [label_of(after, key) for key in diff.added],
                "removed": [label_of(before, key) for key in diff.removed],
                "changed": [
                    {
                        "item": label_of(after, change.id) or label_of(before, change.id),
                        "field": field_label(diff.section, change.field),
                        "old": change.old,
                        "new": change.new,
                    }
                    for change in diff.changed
                ],
            }
        )
    return sections
