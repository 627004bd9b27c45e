"""Celery tasks of the reports app. They take ids, load nothing themselves
and call the services (which never import this module: they send tasks by
name)."""

import logging

from celery import shared_task
from django.conf import settings

from reports.services import rendering, runs

log = logging.getLogger(__name__)


@shared_task(
    name=runs.RENDER_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_HARD_TIME_LIMIT,
    max_retries=runs.MAX_ATTEMPTS,
    ignore_result=True,
)
def render_report_run(self, *, run_id: int) -> None:
    """Renders one ReportRun. Safe to run twice: the claim lets one worker
    through. Only transient errors (database, storage) are retried, with
    backoff; anything else leaves a visible failed run."""
    try:
        rendering.report_render(run_id=run_id, parallel=True)
    except runs.TRANSIENT as error:
        runs.record_failure(run_id, error, transient=True)
        raise self.retry(countdown=min(60, 5 * 2**self.request.retries), exc=error) from error
    except Exception:
        log.exception("report run %s failed", run_id)


@shared_task(name="reports.sweep_report_runs", ignore_result=True)
def sweep_report_runs() -> int:
    return runs.sweep()


@shared_task(
    name=rendering.CHUNK_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_HARD_TIME_LIMIT,
    ignore_result=True,
)
def render_register_chunk_task(*, run_id: int, chunk: int) -> None:
    """One chunk of a long register; the last one to finish merges."""
    try:
        last = rendering.register_chunk(run_id=run_id, chunk=chunk)
    except Exception:
        log.exception("report run %s: register chunk %s failed", run_id, chunk)
        return
    if last:
        merge_report_run.apply_async(kwargs={"run_id": run_id})


@shared_task(
    name="reports.merge_report_run",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    time_limit=settings.REPORT_HARD_TIME_LIMIT,
)
def merge_report_run(*, run_id: int) -> None:
    try:
        rendering.merge_run(run_id=run_id)
    except Exception:
        log.exception("report run %s: merge failed", run_id)
