"""A worker process as the tests start it: the project's ``jobs_worker`` with the tests'
job kinds registered. Run from the repository root with ``src`` on the path."""

from __future__ import annotations

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.config.settings")
    django.setup()
    from django.core.management import call_command

    from tests.jobs.kinds import register_all

    register_all()
    call_command("jobs_worker", *sys.argv[1:])


if __name__ == "__main__":
    main()
