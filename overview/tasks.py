import logging

from celery import shared_task

from overview.reminders import send_reminders

log = logging.getLogger(__name__)


@shared_task(name="overview.send_reminders", ignore_result=True)
def send_reminders_task() -> None:
    """The day's reminder digests (hourly: each person gets one a day, and a
    digest the mail server refused goes out on a later run)."""
    outcome = send_reminders()
    log.info("reminders: %s sent, %s delayed", len(outcome.sent), len(outcome.delayed))
