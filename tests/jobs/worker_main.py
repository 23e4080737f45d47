"""A worker process as the tests start it: the project's ``jobs_worker`` with the tests'
job kinds registered (or, with ``dispatch <job id>``, the hand-over of a recorded job to the
configured queue). Run from the repository root with ``src`` on the path."""

from __future__ import annotations

import os
import sys
import uuid

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.config.settings")
    django.setup()
    from django.core.management import call_command

    from tests.jobs.kinds import register_all

    register_all()
    if sys.argv[1:2] == ["dispatch"]:  # hand a recorded job to the configured queue
        from kotacerdas.jobs.queue import dispatch

        dispatch(uuid.UUID(sys.argv[2]))
        return
    call_command("jobs_worker", *sys.argv[1:])


if __name__ == "__main__":
    main()
