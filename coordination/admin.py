from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from coordination.models import (
    AgendaItem,
    Attendee,
    AuditEvent,
    CommitteeRole,
    FollowUp,
    Locality,
    Meeting,
    Member,
    SteeringCommittee,
    Unit,
    WorkerHeartbeat,
)

admin.site.site_header = _("Coordination programme manager – administration")
admin.site.site_title = _("Administration")
admin.site.index_title = _("Data management")


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "code", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["level", "valid_to"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "successor"]


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "decision_number", "decision_date", "standing_office", "document_profile"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["province", "standing_office", "co_running_units"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "committee", "stationed_at", "valid_from", "valid_to", "successor"]
    list_filter = ["committee", "kind", "valid_to"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "stationed_at", "successor"]
    list_select_related = ["parent", "committee", "stationed_at", "successor"]


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "committee", "role"]
    list_filter = ["committee", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "units"]
    list_select_related = ["user", "committee"]


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "role", "rank", "position", "unit", "term_start", "term_end", "committee"]
    list_filter = ["committee", "role"]
    search_fields = ["full_name", "position"]
    autocomplete_fields = ["unit", "user"]
    list_select_related = ["unit", "committee"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["presenter"]
    raw_id_fields = ["report_run"]


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    autocomplete_fields = ["member", "unit"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    autocomplete_fields = ["assigned_unit"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "place", "committee", "programme"]
    list_filter = ["committee", "kind"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["co_chairs"]
    inlines = [AgendaItemInline, AttendeeInline, FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["description", "assigned_unit", "deadline", "status", "meeting"]
    list_filter = ["status", "meeting__committee"]
    search_fields = ["description"]
    autocomplete_fields = ["assigned_unit"]
    list_select_related = ["assigned_unit", "meeting"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["hostname", "seen_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "user", "address", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "detail", "address"]
    date_hierarchy = "at"
    actions = ["unlock"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Unlock the usernames of the selected failed logins"))
    def unlock(self, request, queryset):
        from coordination.audit import unlock

        names = set(queryset.filter(kind=AuditEvent.Kind.LOGIN_FAILED).values_list("username", flat=True))
        for name in names:
            unlock(name)
        self.message_user(request, _("Unlocked: %(names)s") % {"names": ", ".join(sorted(names)) or "—"})
