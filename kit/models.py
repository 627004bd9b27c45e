from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Last sign of life from each Celery worker host (health checks)."""

    hostname = models.CharField(max_length=255, unique=True)
    token = models.CharField(max_length=64, blank=True)
    seen_at = models.DateTimeField()

    class Meta:
        db_table = "coordination_workerheartbeat"
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.hostname
