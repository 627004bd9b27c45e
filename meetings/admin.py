from django.contrib import admin

from kit.fields import GuardedIdsAdmin
from meetings.models import AgendaItem, Attendee, FollowUp, Meeting


class AgendaItemInline(GuardedIdsAdmin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["presenter"]
    raw_id_fields = ["report_run"]


class AttendeeInline(GuardedIdsAdmin, admin.TabularInline):
    model = Attendee
    extra = 0
    autocomplete_fields = ["member", "unit"]


class FollowUpInline(GuardedIdsAdmin, admin.TabularInline):
    model = FollowUp
    extra = 0
    autocomplete_fields = ["assigned_unit"]


@admin.register(Meeting)
class MeetingAdmin(GuardedIdsAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "place", "committee", "programme"]
    list_filter = ["committee", "kind"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["co_chairs"]
    inlines = [AgendaItemInline, AttendeeInline, FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(GuardedIdsAdmin, admin.ModelAdmin):
    list_display = ["description", "assigned_unit", "deadline", "status", "meeting"]
    list_filter = ["status", "meeting__committee"]
    search_fields = ["description"]
    autocomplete_fields = ["assigned_unit"]
    list_select_related = ["assigned_unit", "meeting"]
