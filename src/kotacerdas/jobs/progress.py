"""What a running job tells its user: the step it is at, and what it produced or why not.

Steps and messages are stored as their English msgid and translated when read, so each
user sees them in their own language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation

if TYPE_CHECKING:
    from .models import Job
    from .registry import StrOrPromise


def msgid(text: StrOrPromise) -> str:
    """The untranslated text of a (lazy) translatable string."""
    with translation.override(None):
        return str(text)


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job produced: a sentence for the user and where to fetch it."""

    message: str = ""
    url: str = ""


class JobFailed(Exception):
    """Raised by a kind's ``run`` with a message for the user (a translatable string,
    with ``%(name)s`` parameters given in ``params``)."""

    def __init__(self, message: StrOrPromise, params: dict[str, Any] | None = None) -> None:
        super().__init__(msgid(message))
        self.message = message
        self.params = dict(params or {})


class Progress:
    """Persists the step and percentage of one attempt of a job.

    It writes only while that attempt still holds the job: a worker that was given up for
    dead and came back does not overwrite the attempt that took the job over.
    """

    def __init__(self, job: Job) -> None:
        self.job_id = job.pk
        self.attempt = job.attempts

    def report(self, step: StrOrPromise, percent: int) -> None:
        from .models import Job, Status

        percent = max(0, min(100, int(percent)))
        Job.objects.filter(pk=self.job_id, attempts=self.attempt, status=Status.RUNNING).update(
            step=msgid(step), percent=percent, heartbeat=timezone.now()
        )
