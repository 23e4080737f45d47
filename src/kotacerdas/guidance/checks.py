"""Checks of guidance input that read the database but change nothing: attendance rows
(used by the service and by the sign-in sheet import, which names every bad row) and an
expert's overlapping sessions elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from kotacerdas.regions.models import Agency

from .models import Attendance, Expert, Group, Session


@dataclass(frozen=True)
class AttendanceIn:
    """One participant present on one day."""

    day: date
    group: str
    participant: str
    agency_id: int | None = None
    organisation: str = ""
    mode: str = Attendance.Mode.IN_PERSON
    substitute: bool = False


def overlap_warnings(session: Session, experts: Sequence[Expert]) -> list[str]:
    """An expert also in a session elsewhere (another city, or another region when no city
    is given) on overlapping days: a warning, the session is saved all the same."""
    clashes = (
        Session.objects.filter(
            experts__in=experts,
            starts_on__lte=session.ends_on,
            ends_on__gte=session.starts_on,
        )
        .exclude(pk=session.pk)
        .select_related("member__region")
        .prefetch_related("experts")
    )
    warnings = []
    city = session.city.strip().casefold()
    for other in clashes:
        elsewhere = (
            other.city.strip().casefold() != city
            if city and other.city.strip()
            else other.member.region_id != session.member.region_id
        )
        if not elsewhere:
            continue
        for expert in other.experts.all():
            if expert in experts:
                warnings.append(
                    _("%(expert)s is also at “%(other)s” in %(place)s on overlapping days.")
                    % {
                        "expert": expert.name,
                        "other": other.title,
                        "place": other.city or other.member.region.name,
                    }
                )
    return sorted(set(warnings))


def check_attendance(
    session: Session, rows: Sequence[AttendanceIn], numbers: Sequence[int] = ()
) -> list[tuple[int, str, str]]:
    """Every problem of the rows: (row number from 1, field, message). ``numbers`` are the
    rows' own numbers (a sheet's), used when a message names another row."""
    agencies = set(
        Agency.objects.filter(region_id=session.member.region_id).values_list("pk", flat=True)
    )
    days = set(session.days)
    seen: dict[tuple[object, ...], int] = {}
    problems: list[tuple[int, str, str]] = []
    for number, row in enumerate(rows, start=1):
        problems.extend((number, f, m) for f, m in _row_problems(row, agencies, days))
        key = (
            row.day,
            row.group,
            row.agency_id if row.group == Group.AGENCY else row.organisation.strip().casefold(),
            row.participant.strip().casefold(),
        )
        if key in seen:
            problems.append(
                (
                    number,
                    "participant",
                    _("The same as row %(row)d.")
                    % {"row": numbers[seen[key] - 1] if numbers else seen[key]},
                )
            )
        else:
            seen[key] = number
    return problems


def _row_problems(row: AttendanceIn, agencies: set[int], days: set[date]) -> list[tuple[str, str]]:
    problems = []
    if row.day not in days:
        problems.append(("day", _("This day is not one of the session's days.")))
    if row.group not in Group.values:
        problems.append(("group", _("Unknown group.")))
    if not row.participant.strip():
        problems.append(("participant", _("Name the participant (a name or a position).")))
    if row.mode not in Attendance.Mode.values:
        problems.append(("mode", _("Choose in person or online.")))
    if row.group == Group.AGENCY:
        if row.agency_id is None:
            problems.append(("agency", _("Name the agency.")))
        elif row.agency_id not in agencies:
            problems.append(("agency", _("This agency is not one of the region's agencies.")))
    elif row.group in Group.values and not row.organisation.strip():
        problems.append(("organisation", _("Name the sub-district, village or partner.")))
    return problems
