"""The region dashboard's body, kept in the cache until something it shows changes.

The body is the same for everyone allowed to open the page (the access helper is asked
before the cache), so it is kept per region, masterplan, year and indicator asked, language,
time zone and day, under a *stamp* of what it is made of, read in one query:

- the masterplan's summary rows: every report, correction, verification, return, change of
  weights or thresholds and the nightly computation rewrites them (``summaries._write``
  deletes and inserts), so the highest row id grows with each;
- the region's agencies, and the masterplan's programme progress reports and their spending
  lines: count, highest id and the sum of ``version`` (which every ``save`` raises), so an
  insert, a delete or an edit changes it;
- the region, masterplan and thresholds rows the page has read already (their ``version``
  and the masterplan's status).

Indicators, targets, programmes and funding lines do not appear in the stamp: they can be
changed only while the masterplan is a draft, and a draft is not monitored (reopening a
published masterplan changes its status, which is in the key). Ids and versions, not
timestamps, so two changes in the same instant still give two stamps. A write that skips
``save`` (``QuerySet.update``) on the stamped rows would not raise ``version``: none does, and
new code writing them must save, or add what it changes to the stamp.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.regions.models import Agency, Region

from .models import ProgrammeProgress, ProgrammeSpending
from .summary_models import MasterplanSummary

# A body unchanged for this long is built again anyway: a bound on what a cache shared by
# several servers holds, not a freshness rule (the stamp is).
TIMEOUT = 60 * 60


def _table(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def _stamp_sql() -> str:
    """One row: the summaries' highest id, then count, highest id and version sum of the
    agencies, the progress reports and their spending lines (parameters: masterplan, region,
    masterplan, masterplan)."""
    summary, agency = _table(MasterplanSummary), _table(Agency)
    progress, spending, programme = (
        _table(ProgrammeProgress),
        _table(ProgrammeSpending),
        _table(Programme),
    )
    of_masterplan = f"INNER JOIN {programme} g ON g.id = p.programme_id WHERE g.masterplan_id = %s"
    # Only table names, quoted by the backend, are written in; every value is a parameter.
    return (
        "SELECT a.m, b.n, b.m, b.v, c.n, c.m, c.v, d.n, d.m, d.v FROM "  # noqa: S608
        f"(SELECT MAX(id) AS m FROM {summary} WHERE masterplan_id = %s) a, "
        "(SELECT COUNT(*) AS n, MAX(id) AS m, SUM(version) AS v "
        f"FROM {agency} WHERE region_id = %s) b, "
        "(SELECT COUNT(*) AS n, MAX(p.id) AS m, SUM(p.version) AS v "
        f"FROM {progress} p {of_masterplan}) c, "
        "(SELECT COUNT(*) AS n, MAX(s.id) AS m, SUM(s.version) AS v "
        f"FROM {spending} s INNER JOIN {progress} p ON p.id = s.progress_id {of_masterplan}) d"
    )


def stamp(region: Region, masterplan: Masterplan | None) -> tuple[Any, ...]:
    """What the region dashboard of ``region`` is made of, as a tuple that changes whenever
    the page would: one query (none for a region without a masterplan)."""
    own = (region.pk, region.version)
    if masterplan is None:
        return own
    thresholds = getattr(masterplan, "monitoring_thresholds", None)
    mine = (masterplan.pk, masterplan.status, masterplan.version, thresholds and thresholds.version)
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(), [masterplan.pk, region.pk, masterplan.pk, masterplan.pk])
        row = cursor.fetchone()
    return (*own, *mine, *(str(value) for value in row))


def key(region: Region, masterplan: Masterplan | None, *asked: int | None) -> str:
    """The cache key of the body of ``region``'s dashboard as ``asked`` (year, indicator)."""
    parts = (
        *stamp(region, masterplan),
        *asked,
        get_language(),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
    )
    return "monitoring:region-dashboard:" + ":".join(str(part) for part in parts)


def body(cache_key: str, build: Callable[[], tuple[str, int | None]]) -> tuple[str, int | None]:
    """The body kept under ``cache_key`` (with the year it shows), built and kept if none."""
    found = cache.get(cache_key)
    if found is None:
        found = build()
        cache.set(cache_key, found, TIMEOUT)
    return found
