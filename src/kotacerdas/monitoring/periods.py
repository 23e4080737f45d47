"""The reporting schedule of an indicator, as pure functions over plain values.

A period is a year and a sub-period: 0 for a yearly indicator, 1–2 for half-years, 1–4 for
quarters, 1–12 for months. A report is due ``GRACE_DAYS`` after its period ends.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

GRACE_DAYS = 30

# Sub-periods per year of each frequency (the values of ``models.Frequency``).
PER_YEAR = {"yearly": 1, "half_yearly": 2, "quarterly": 4, "monthly": 12}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    sub: int = 0

    def label(self, frequency: str) -> str:
        """``2025``, ``2025 S1``, ``2025 Q3`` or ``2025-07``."""
        if frequency == "half_yearly":
            return _("%(year)s H%(sub)s") % {"year": self.year, "sub": self.sub}
        if frequency == "quarterly":
            return f"{self.year} Q{self.sub}"
        if frequency == "monthly":
            return f"{self.year}-{self.sub:02d}"
        return str(self.year)


def sub_periods(frequency: str) -> range:
    """The sub-periods of one year: ``range(0, 1)`` for yearly, ``range(1, n + 1)`` otherwise."""
    count = PER_YEAR[frequency]
    return range(0, 1) if count == 1 else range(1, count + 1)


def schedule(frequency: str, years: range) -> list[Period]:
    """Every period of ``years`` an indicator of ``frequency`` reports."""
    return [Period(year, sub) for year in years for sub in sub_periods(frequency)]


def in_schedule(frequency: str, years: range, period: Period) -> bool:
    return period.year in years and period.sub in sub_periods(frequency)


def bounds(frequency: str, period: Period) -> tuple[dt.date, dt.date]:
    """The first and last day of ``period``."""
    count = PER_YEAR[frequency]
    if count == 1:
        return dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
    months = 12 // count
    first_month = (period.sub - 1) * months + 1
    last_month = first_month + months - 1
    last_day = calendar.monthrange(period.year, last_month)[1]
    return dt.date(period.year, first_month, 1), dt.date(period.year, last_month, last_day)


def due_date(frequency: str, period: Period) -> dt.date:
    """The day a report of ``period`` is due: ``GRACE_DAYS`` after the period ends."""
    return bounds(frequency, period)[1] + dt.timedelta(days=GRACE_DAYS)


def quarter_of(frequency: str, period: Period) -> int | None:
    """The quarter a sub-period ends in (for quarterly targets); ``None`` for a year."""
    if PER_YEAR[frequency] == 1:
        return None
    return (bounds(frequency, period)[1].month - 1) // 3 + 1
