"""``python manage.py send_reminders``: meant for a daily cron job.

Tells each responsible agency's editors (in the app and by e-mail) which reports are due
within 14 days, overdue or returned. Idempotent: each line goes to each user once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.monitoring.services import send_reminders


class Command(BaseCommand):
    help = "Send the monitoring reminders (due within 14 days, overdue, returned)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (for tests)"
        )

    def handle(self, *args: Any, today: dt.date | None = None, **options: Any) -> None:
        count = send_reminders(actor=SYSTEM, today=today)
        self.stdout.write(f"{count} reminder(s) sent.")
