from celery import shared_task
from django.utils import timezone

from activities import imports


@shared_task(name="activities.sweep_pending_imports", ignore_result=True)
def sweep_pending_imports() -> int:
    """Spreadsheets uploaded for a preview that was never confirmed."""
    return imports.pending_sweep(now=timezone.now())
