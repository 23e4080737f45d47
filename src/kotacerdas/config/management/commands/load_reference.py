"""Loads the reference data: regions (Kepmendagri 2025) and the framework catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import instruments as evaluation_instruments
from kotacerdas.evaluation.spbe_loader import load_spbe_file, spbe_files
from kotacerdas.framework.instruments import instrument_files, load_instrument_file
from kotacerdas.framework.loader import CatalogueError, catalogue_files, load_file
from kotacerdas.regions.reference import load_regions


class Command(BaseCommand):
    help = "Load (idempotently) the regions and the framework catalogue files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--framework-file",
            action="append",
            type=Path,
            help="Load only these framework files instead of framework/data/framework-*.yaml.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_regions()
        self.stdout.write(
            f"Regions: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
        files = options["framework_file"] or catalogue_files()
        failed = []
        for path in files:
            try:
                outcome = load_file(path, actor=SYSTEM)
            except (CatalogueError, OSError) as exc:
                failed.append(str(exc))
                self.stderr.write(self.style.ERROR(str(exc)))
                continue
            self.stdout.write(
                f"Framework {outcome.version.profile} {outcome.version.number}: {outcome.action}."
            )
        for path in instrument_files():
            try:
                result_i = load_instrument_file(path, actor=SYSTEM)
            except (CatalogueError, OSError) as exc:
                failed.append(str(exc))
                self.stderr.write(self.style.ERROR(str(exc)))
                continue
            self.stdout.write(
                f"Readiness instrument {result_i.instrument.code} "
                f"{result_i.instrument.number}: {result_i.action}."
            )
        for path in evaluation_instruments.instrument_files():
            try:
                result_e = evaluation_instruments.load_instrument_file(path, actor=SYSTEM)
            except (CatalogueError, OSError) as exc:
                failed.append(str(exc))
                self.stderr.write(self.style.ERROR(str(exc)))
                continue
            self.stdout.write(
                f"Evaluation instrument {result_e.instrument.code} "
                f"{result_e.instrument.number}: {result_e.action}."
            )
        for path in spbe_files():
            try:
                result_s = load_spbe_file(path, actor=SYSTEM)
            except (CatalogueError, OSError) as exc:
                failed.append(str(exc))
                self.stderr.write(self.style.ERROR(str(exc)))
                continue
            self.stdout.write(f"SPBE instrument {result_s.instrument.code}: {result_s.action}.")
        if failed:
            raise CommandError(f"{len(failed)} reference file(s) not loaded.")
