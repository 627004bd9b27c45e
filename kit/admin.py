from django.contrib import admin

from kit.fields import GuardedIdsAdmin
from kit.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(GuardedIdsAdmin, admin.ModelAdmin):
    list_display = ["hostname", "seen_at"]
