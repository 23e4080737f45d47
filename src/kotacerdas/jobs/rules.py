"""Who may start, watch and retry a background job.

A job is watched by its owner, and by whoever its kind lets see it (``JobKind.can_view``:
the documents app, for instance, lets those who may read the masterplan see its
generation). Only the owner retries a failed job. Starting a job about a region needs the
right to read that region's data; the service that enqueues it checks its own permission
first (as ``notify`` is called after the sending service's check).
"""

from __future__ import annotations

from typing import Any

import rules

from kotacerdas.accounts.rules import can_view_region_data, is_authenticated

from . import registry


@rules.predicate
def is_job_owner(user: Any, job: Any) -> bool:
    return job is not None and user.is_authenticated and job.owner_id == user.pk


@rules.predicate
def kind_lets_view(user: Any, job: Any) -> bool:
    if job is None or not user.is_authenticated:
        return False
    kind = registry.get(job.kind)
    return kind is not None and bool(kind.can_view(user, job))


@rules.predicate
def no_region(user: Any, region: Any) -> bool:
    return region is None


rules.add_perm("jobs.view_job", is_job_owner | kind_lets_view)
rules.add_perm("jobs.retry_job", is_job_owner)
rules.add_perm("jobs.enqueue_job", is_authenticated & (no_region | can_view_region_data))
