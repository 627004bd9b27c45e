from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kit.fields import GuardedIdsAdmin
from reports.models import ReportRun, ReviewDraft


@admin.register(ReviewDraft)
class ReviewDraftAdmin(GuardedIdsAdmin, SimpleHistoryAdmin):
    list_display = ["programme", "status", "updated_at", "approved_by", "approved_at"]
    list_filter = ["status", "programme__committee"]


@admin.register(ReportRun)
class ReportRunAdmin(GuardedIdsAdmin, admin.ModelAdmin):
    list_display = [
        "kind",
        "programme",
        "status",
        "attempts",
        "page_count",
        "requested_by",
        "requested_at",
        "finished_at",
    ]
    list_filter = ["status", "kind", "programme__committee"]
    readonly_fields = [
        "sha256",
        "page_count",
        "figures_snapshot",
        "data_fingerprint",
        "requested_at",
        "started_at",
        "finished_at",
        "attempts",
        "error",
    ]
    list_select_related = ["programme", "requested_by"]
