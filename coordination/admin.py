from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from coordination.audit import unlock
from coordination.models import AuditEvent, CommitteeRole, Locality, Member, SteeringCommittee, Unit
from kit.fields import GuardedIdsAdmin

admin.site.site_header = _("Coordination programme manager – administration")
admin.site.site_title = _("Administration")
admin.site.index_title = _("Data management")


@admin.register(Locality)
class LocalityAdmin(GuardedIdsAdmin, admin.ModelAdmin):
    list_display = ["name", "level", "code", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["level", "valid_to"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "successor"]


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(GuardedIdsAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "decision_number", "decision_date", "standing_office", "document_profile"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["province", "standing_office", "co_running_units"]


@admin.register(Unit)
class UnitAdmin(GuardedIdsAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "committee", "stationed_at", "valid_from", "valid_to", "successor"]
    list_filter = ["committee", "kind", "valid_to"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "stationed_at", "successor"]
    list_select_related = ["parent", "committee", "stationed_at", "successor"]


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(GuardedIdsAdmin, admin.ModelAdmin):
    list_display = ["user", "committee", "role"]
    list_filter = ["committee", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "units"]
    list_select_related = ["user", "committee"]


@admin.register(Member)
class MemberAdmin(GuardedIdsAdmin, SimpleHistoryAdmin):
    list_display = ["full_name", "role", "rank", "position", "unit", "term_start", "term_end", "committee"]
    list_filter = ["committee", "role"]
    search_fields = ["full_name", "position"]
    autocomplete_fields = ["unit", "user"]
    list_select_related = ["unit", "committee"]


@admin.register(AuditEvent)
class AuditEventAdmin(GuardedIdsAdmin, admin.ModelAdmin):
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
        names = set(queryset.filter(kind=AuditEvent.Kind.LOGIN_FAILED).values_list("username", flat=True))
        for name in names:
            unlock(name)
        self.message_user(request, _("Unlocked: %(names)s") % {"names": ", ".join(sorted(names)) or "—"})
