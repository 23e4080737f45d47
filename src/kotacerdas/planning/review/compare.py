"""Section-by-section comparison of two masterplan snapshots (pure, no ORM).

A snapshot is ``{section: {stable id: {field: value}}}`` with JSON-safe values, as frozen when a
masterplan version is approved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Snapshot = Mapping[str, Mapping[str, Mapping[str, Any]]]


@dataclass(frozen=True)
class FieldChange:
    """One field of one record that differs; a field missing on one side counts as ``None``."""

    id: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class SectionDiff:
    """What changed in one section: ids added and removed, and changed fields of the rest."""

    section: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[FieldChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def changed_ids(self) -> list[str]:
        """Ids with at least one changed field, each once, in order."""
        return list(dict.fromkeys(change.id for change in self.changed))


def _union(first: Mapping[str, Any], second: Mapping[str, Any]) -> list[str]:
    """Keys of ``second`` in its order, then those only in ``first`` in theirs."""
    return [*second, *(key for key in first if key not in second)]


def _section_order(old: Snapshot, new: Snapshot, order: Sequence[str]) -> list[str]:
    present = set(old) | set(new)
    listed = [section for section in order if section in present]
    return listed + sorted(present - set(listed))


def _changed_fields(
    record_id: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[FieldChange]:
    return [
        FieldChange(record_id, name, old.get(name), new.get(name))
        for name in _union(old, new)
        if old.get(name) != new.get(name)
    ]


def _compare_section(
    section: str, old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> SectionDiff:
    changed: list[FieldChange] = []
    for record_id, record in new.items():
        if record_id in old:
            changed.extend(_changed_fields(record_id, old[record_id], record))
    return SectionDiff(
        section=section,
        added=[record_id for record_id in new if record_id not in old],
        removed=[record_id for record_id in old if record_id not in new],
        changed=changed,
    )


def compare_snapshots(old: Snapshot, new: Snapshot, order: Sequence[str] = ()) -> list[SectionDiff]:
    """Compare two snapshots section by section.

    Sections come in the given ``order`` first, then any others alphabetically; a section with no
    difference is still listed (with empty lists). Added ids follow the new snapshot's order,
    removed ids the old one's, changes the new one's records and fields.
    """
    return [
        _compare_section(section, old.get(section, {}), new.get(section, {}))
        for section in _section_order(old, new, order)
    ]
