from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kit.fields import GuardedIdsAdmin
from programmes.models import PolicyDocument, PolicyTarget, Programme, ProgrammeTask, Target


class PolicyTargetInline(GuardedIdsAdmin, admin.TabularInline):
    model = PolicyTarget
    extra = 0
    fields = ["category", "measure", "target_value"]


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(GuardedIdsAdmin, admin.ModelAdmin):
    inlines = [PolicyTargetInline]
    list_display = [
        "number_symbol",
        "kind",
        "title",
        "issuer",
        "issued_on",
        "period_start",
        "period_end",
        "orientation_year",
    ]
    list_filter = ["committee", "kind"]
    search_fields = ["number_symbol", "title", "issuer"]


class ProgrammeTaskInline(GuardedIdsAdmin, admin.TabularInline):
    model = ProgrammeTask
    extra = 0
    fields = ["order", "title", "lead_unit", "due_date", "progress"]
    autocomplete_fields = ["lead_unit"]


class TargetInline(GuardedIdsAdmin, admin.TabularInline):
    model = Target
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Programme)
class ProgrammeAdmin(GuardedIdsAdmin, SimpleHistoryAdmin):
    list_display = ["title", "year", "number_symbol", "signed_on", "status", "committee"]
    list_filter = ["committee", "status", "year"]
    search_fields = ["title", "number_symbol"]
    filter_horizontal = ["policy_documents"]
    inlines = [ProgrammeTaskInline, TargetInline]


@admin.register(ProgrammeTask)
class ProgrammeTaskAdmin(GuardedIdsAdmin, SimpleHistoryAdmin):
    list_display = ["order", "title", "programme", "lead_unit", "due_date", "progress"]
    list_filter = ["programme__committee", "programme__year"]
    search_fields = ["title"]
    autocomplete_fields = ["lead_unit", "supporting_units"]
    list_select_related = ["programme", "lead_unit"]


@admin.register(Target)
class TargetAdmin(GuardedIdsAdmin, SimpleHistoryAdmin):
    list_display = ["programme", "category", "measure", "target_value", "unit"]
    list_filter = ["programme__committee", "programme__year", "category"]
    autocomplete_fields = ["unit"]
    list_select_related = ["programme", "category", "unit"]
