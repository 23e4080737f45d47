"""``python manage.py refresh_monitoring``: recompute the dashboards' summary rows.

Meant for cron, once a night: the services keep the rows current when something is reported
or verified, but a period also falls due by the calendar alone (a report missing since
yesterday counts as not reported today). Running it twice gives the same rows. The nightly run
rewrites this year's and last year's rows; ``--all-years`` rewrites every year of each
masterplan's period (after an upgrade that emptied the rows, ``migrate`` queues a background
job that does the same: ``monitoring/jobs.py``; this is for a site without a worker).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kotacerdas.monitoring.summaries import refresh_all


class Command(BaseCommand):
    help = "Recompute the monitoring summaries of every published masterplan (for dashboards)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--all-years",
            action="store_true",
            help="Rewrite every year of each masterplan's period, not only this and last year.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = refresh_all(every_year=options["all_years"])
        self.stdout.write(f"{count} masterplan(s) refreshed.")
