"""``python manage.py generate_national_dataset --scale full|small [--seed N]``: synthetic
monitoring data for load tests (``monitoring.synthetic``): 514 or 20 regions, each with its
agencies and users, a submitted readiness assessment and a published masterplan of 60
programmes (funding, supporting agencies, dependencies), 200 indicators and ten years of
quarterly realisations.

Refuses to run on a database that holds a masterplan unless ``--i-know-this-is-synthetic`` is
given: the rows are written without audit, services or checks.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.monitoring import synthetic


class Command(BaseCommand):
    help = "Generate a synthetic national monitoring data set (bulk inserts, no audit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(synthetic.SCALES), default="small")
        parser.add_argument(
            "--regions", type=int, help="this many regions instead of the scale's (514 or 20)"
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=0,
            help="the same seed writes the same values; another shifts the statuses",
        )
        parser.add_argument(
            "--i-know-this-is-synthetic",
            action="store_true",
            dest="synthetic",
            help="run even though the database already holds masterplans",
        )
        parser.add_argument(
            "--no-refresh", action="store_true", help="do not compute the summaries"
        )
        parser.add_argument(
            "--workers", type=int, default=4, help="regions written at once (PostgreSQL)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["synthetic"] or synthetic.is_empty()):
            raise CommandError(
                "The database holds masterplans: synthetic rows would mix with them. "
                "Use an empty database, or pass --i-know-this-is-synthetic."
            )
        count = options["regions"] or synthetic.SCALES[options["scale"]]
        try:
            report = synthetic.generate(
                count,
                progress=self.stdout.write,
                refresh=not options["no_refresh"],
                workers=options["workers"],
                seed=options["seed"],
            )
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{report.regions} regions added: {report.users} users, {report.answers} readiness "
            f"answers, {report.programmes} programmes, {report.funding_lines} funding lines, "
            f"{report.dependencies} dependencies, {report.indicators} indicators, "
            f"{report.targets} targets, {report.realisations} realisations in "
            f"{report.insert_seconds:.0f} s; summaries in {report.refresh_seconds:.0f} s."
        )
