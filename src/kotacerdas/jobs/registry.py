"""The kinds of background job: what each runs in the worker and who may watch it.

A higher app registers its kinds from its ``AppConfig.ready()``; the jobs app knows them
only through this registry, never by importing the app (it is in the core tier).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from kotacerdas.accounts.models import User

    from .models import Job
    from .progress import JobOutcome, Progress

StrOrPromise = str | Promise


@dataclass(frozen=True)
class JobKind:
    """One kind of job.

    ``run`` is called in the worker with the job and its progress reporter; it writes its
    own results (inside a transaction, at the end, so that a retried run leaves no half
    file) and returns where the user fetches them, or raises ``JobFailed`` with a
    translatable message. It may be called again for the same job (a retry, or a worker
    that died): it must start again from the beginning. ``can_view`` says who besides the
    owner may watch the job and fetch its result.
    """

    code: str
    label: StrOrPromise
    run: Callable[[Job, Progress], JobOutcome]
    can_view: Callable[[User, Job], bool]


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    """Register (or replace, on reload) a kind under its code."""
    _KINDS[kind.code] = kind


def get(code: str) -> JobKind | None:
    """The kind registered under ``code``, or None (a kind whose app is gone)."""
    return _KINDS.get(code)


def codes() -> list[str]:
    return sorted(_KINDS)
