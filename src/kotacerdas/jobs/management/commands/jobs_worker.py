"""Run one worker of background jobs: the queue backend's own worker (``db_worker`` of the
database backend, ``rqworker`` of RQ) with the sweep that takes up the jobs of dead workers.

Start as many as you like, on as many machines as share the database (and Redis): each
takes one job at a time, and each sweeps (see ``kotacerdas.jobs.worker``).
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kotacerdas.jobs import worker


class Command(BaseCommand):
    help = "Run a worker of background jobs (and take up the jobs of workers that died)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run the jobs waiting now, then stop (for scripts and tests).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at an empty database queue (default 1).",
        )

    def handle(self, *args: Any, batch: bool, interval: float, **options: Any) -> None:
        stop = threading.Event()
        if batch:
            worker.requeue_stale()
        else:
            threading.Thread(
                target=worker.sweep_forever, args=(stop,), name="jobs-sweep", daemon=True
            ).start()
        try:
            if settings.TASKS_BACKEND == "rq":
                call_command(
                    "rqworker",
                    "default",
                    job_class="django_tasks_rq.Job",
                    burst=batch,
                    with_scheduler=False,
                )
            else:
                argv = ["--interval", str(interval), "--no-startup-delay"]
                call_command("db_worker", *argv, *(["--batch"] if batch else []))
        finally:
            stop.set()
