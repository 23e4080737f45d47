"""Comparing two masterplan snapshots section by section (pure)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.planning.review.compare import FieldChange, SectionDiff, compare_snapshots

APPROVED: dict[str, dict[str, dict[str, Any]]] = {
    "strategy": {"vision": {"text": "Bengkulu cerdas"}},
    "programmes": {
        "P1": {"name": "Smart parking", "funding": [["APBD", 2026, 100]], "lead": "dishub"},
        "P2": {"name": "Open data", "lead": "diskominfo"},
    },
}
DRAFT: dict[str, dict[str, dict[str, Any]]] = {
    "strategy": {"vision": {"text": "Bengkulu cerdas"}},
    "programmes": {
        "P1": {"name": "Smart parking", "funding": [["APBD", 2026, 150]], "lead": "dishub"},
        "P3": {"name": "E-health", "lead": "dinkes", "note": "new field"},
    },
    "team": {"T1": {"name": "Ani"}},
}


def test_a_draft_is_compared_with_the_approved_version() -> None:
    diffs = compare_snapshots(APPROVED, DRAFT, order=["strategy", "programmes"])
    assert [diff.section for diff in diffs] == ["strategy", "programmes", "team"]
    strategy, programmes, team = diffs
    assert strategy.is_empty
    assert programmes.added == ["P3"]
    assert programmes.removed == ["P2"]
    assert programmes.changed == [
        FieldChange("P1", "funding", [["APBD", 2026, 100]], [["APBD", 2026, 150]])
    ]
    assert programmes.changed_ids == ["P1"]
    assert team == SectionDiff("team", added=["T1"])


def test_a_field_missing_on_one_side_counts_as_empty() -> None:
    old = {"programmes": {"P1": {"name": "A", "note": "x"}}}
    new = {"programmes": {"P1": {"name": "A", "status": "draft"}}}
    [diff] = compare_snapshots(old, new)
    assert diff.changed == [
        FieldChange("P1", "status", None, "draft"),
        FieldChange("P1", "note", "x", None),
    ]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3),
    max_leaves=5,
)
snapshots = st.dictionaries(
    st.sampled_from(["team", "strategy", "programmes", "funding"]),
    st.dictionaries(
        st.text("P0123", min_size=1, max_size=2),
        st.dictionaries(st.sampled_from(["name", "lead", "year", "amount"]), json_values),
        max_size=5,
    ),
    max_size=4,
)


@settings(deadline=None)
@given(snapshots)
def test_a_snapshot_compared_with_itself_is_empty(snapshot: Any) -> None:
    diffs = compare_snapshots(snapshot, snapshot)
    assert [diff.section for diff in diffs] == sorted(snapshot)
    assert all(diff.is_empty for diff in diffs)


@settings(deadline=None)
@given(snapshots, snapshots)
def test_comparing_the_other_way_swaps_added_and_removed(a: Any, b: Any) -> None:
    forward = {diff.section: diff for diff in compare_snapshots(a, b)}
    backward = {diff.section: diff for diff in compare_snapshots(b, a)}
    assert forward.keys() == backward.keys() == set(a) | set(b)
    for section, diff in forward.items():
        assert diff.added == backward[section].removed
        assert diff.removed == backward[section].added
        assert {(c.id, c.field, repr(c.old), repr(c.new)) for c in diff.changed} == {
            (c.id, c.field, repr(c.new), repr(c.old)) for c in backward[section].changed
        }


@settings(deadline=None)
@given(snapshots, snapshots)
def test_every_difference_is_reported(a: Any, b: Any) -> None:
    """Applying the diff to the old snapshot gives the new one (ignoring None-valued fields)."""
    rebuilt = {section: {i: dict(r) for i, r in records.items()} for section, records in a.items()}
    for diff in compare_snapshots(a, b):
        section = rebuilt.setdefault(diff.section, {})
        for record_id in diff.removed:
            del section[record_id]
        for record_id in diff.added:
            section[record_id] = dict(b[diff.section][record_id])
        for change in diff.changed:
            section[change.id][change.field] = change.new

    def cleaned(snapshot: Any) -> Any:
        return {
            section: {i: {f: v for f, v in r.items() if v is not None} for i, r in recs.items()}
            for section, recs in snapshot.items()
            if recs
        }

    assert cleaned(rebuilt) == cleaned(b)
