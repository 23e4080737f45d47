"""The one task of the queue: run a job by its id."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def run_job(context: TaskContext, job_id: str) -> None:
    from .worker import run

    run(job_id, task_id=str(context.task_result.id))
