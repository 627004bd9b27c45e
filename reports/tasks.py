import logging

from celery import shared_task
from django.conf import settings

from reports import services

log = logging.getLogger(__name__)


@shared_task(
    name="reports.render_report_run",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_HARD_TIME_LIMIT,
    max_retries=services.MAX_ATTEMPTS,
    ignore_result=True,
)
def render_report_run(self, *, run_id: int) -> None:
    """Renders one ReportRun. Safe to run twice: the claim lets one worker
    through. Only transient errors (database, storage) are retried, with
    backoff; anything else leaves a visible failed run."""
    try:
        services.report_render(run_id=run_id)
    except services.TRANSIENT as error:
        services.record_failure(run_id, error, transient=True)
        raise self.retry(countdown=min(60, 5 * 2**self.request.retries), exc=error) from error
    except Exception:
        log.exception("report run %s failed", run_id)


@shared_task(name="reports.sweep_report_runs", ignore_result=True)
def sweep_report_runs() -> int:
    return services.sweep()
