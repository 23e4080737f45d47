"""``python manage.py refresh_monitoring``: recompute the dashboards' summary rows.

Meant for cron, once a night: the services keep the rows current when something is reported
or verified, but a period also falls due by the calendar alone (a report missing since
yesterday counts as not reported today). Running it twice gives the same rows.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kotacerdas.monitoring.summaries import refresh_all


class Command(BaseCommand):
    help = "Recompute the monitoring summaries of every published masterplan (for dashboards)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = refresh_all()
        self.stdout.write(f"{count} masterplan(s) refreshed.")
