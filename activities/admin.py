from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from activities.models import Activity, Attachment
from kit.fields import GuardedIdsAdmin
from programmes.models import ActivityCategory


@admin.register(ActivityCategory)
class ActivityCategoryAdmin(GuardedIdsAdmin, admin.ModelAdmin):
    list_display = ["order", "code", "name", "tet_campaign"]
    list_filter = ["tet_campaign"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name"]


class AttachmentInline(GuardedIdsAdmin, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "caption", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(Activity)
class ActivityAdmin(GuardedIdsAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "start_date",
        "category",
        "lead_unit",
        "locality",
        "status",
        "funding_state",
        "funding_social",
        "funding_units",
    ]
    list_filter = ["status", "programme__committee", "programme__year", "category"]
    search_fields = ["title", "description", "external_ref"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["lead_unit", "participating_units", "locality"]
    list_select_related = ["category", "lead_unit", "locality"]
    # "12 of 5,000,000": the count of every row of the installation is one
    # scan of the whole table per page; the filtered count is enough.
    show_full_result_count = False
    readonly_fields = [
        "version",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]
    inlines = [AttachmentInline]
