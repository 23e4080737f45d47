"""The roadmap laid out for the page: a year-by-dimension table and frappe-gantt's tasks (JSON)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kotacerdas.framework.models import Dimension

from .queries import Roadmap, RoadmapMilestone, RoadmapProgramme

QUARTER_START = {1: "01-01", 2: "04-01", 3: "07-01", 4: "10-01"}
QUARTER_END = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}


def quarter_start(year: int, quarter: int | None) -> str:
    """The first day of a quarter (of the year when ``quarter`` is empty), ISO formatted."""
    return f"{year}-{QUARTER_START[quarter or 1]}"


def quarter_end(year: int, quarter: int | None) -> str:
    """The last day of a quarter (of the year when ``quarter`` is empty), ISO formatted."""
    return f"{year}-{QUARTER_END[quarter or 4]}"


@dataclass(frozen=True)
class DueMilestone:
    """A milestone in a cell of the table, with the code of its programme."""

    code: str
    milestone: RoadmapMilestone


@dataclass(frozen=True)
class YearCell:
    programmes: list[RoadmapProgramme]
    milestones: list[DueMilestone]


@dataclass(frozen=True)
class TableRow:
    dimension: Dimension
    cells: list[YearCell]


def _cell(programmes: list[RoadmapProgramme], year: int) -> YearCell:
    """The programmes of one dimension running in ``year``, and the milestones due in it."""
    running = [p for p in programmes if p.runs_in(year)]
    due = [DueMilestone(p.code, m) for p in running for m in p.milestones if m.year == year]
    return YearCell(running, due)


def year_table(roadmap: Roadmap) -> list[TableRow]:
    """One row per dimension, one cell per year of the period (the printable roadmap)."""
    by_dimension: dict[int, list[RoadmapProgramme]] = defaultdict(list)
    for p in roadmap.programmes:
        by_dimension[p.dimension_id].append(p)
    return [
        TableRow(d, [_cell(by_dimension[d.pk], year) for year in roadmap.years])
        for d in roadmap.dimensions
    ]


def _milestone_task(programme: RoadmapProgramme, m: RoadmapMilestone) -> dict[str, object]:
    # frappe-gantt has no milestone type: a one-day task right under its programme, on the
    # last day of its quarter (or year) — the date it is due.
    due = quarter_end(m.year, m.quarter)
    return {
        "id": f"m{m.pk}",
        "name": f"◆ {programme.code}: {m.name}",
        "start": due,
        "end": due,
        "progress": 100 if m.done else 0,
        "dependencies": "",
        "custom_class": "gantt-milestone",
    }


def gantt_tasks(roadmap: Roadmap) -> list[dict[str, object]]:
    """frappe-gantt's tasks: programmes by dimension then code, each followed by its
    milestones."""
    position = {d.pk: n for n, d in enumerate(roadmap.dimensions)}
    shown = {p.pk for p in roadmap.programmes}
    tasks: list[dict[str, object]] = []
    ordered = sorted(roadmap.programmes, key=lambda p: (position.get(p.dimension_id, 0), p.code))
    for p in ordered:
        tasks.append(
            {
                "id": f"p{p.pk}",
                "name": f"{p.code} {p.name}",
                "start": quarter_start(p.start_year, p.start_quarter),
                "end": quarter_end(p.end_year, p.end_quarter),
                "progress": 0,
                "dependencies": ", ".join(f"p{d}" for d in p.depends_on if d in shown),
                "custom_class": f"roadmap-dim-{position.get(p.dimension_id, 0)}",
            }
        )
        tasks.extend(_milestone_task(p, m) for m in p.milestones)
    return tasks
