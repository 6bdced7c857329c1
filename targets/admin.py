"""The admin reads work targets; writes go through the portal's pages and services (entry,
approval, import), where the rules live."""

from django.contrib import admin

from opd.disclosure import ReadLoggedAdmin
from targets.models import ActionPlan, WorkTarget


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkTarget)
class WorkTargetAdmin(ReadLoggedAdmin, ReadOnlyAdmin):
    list_display = ["employee", "year", "status", "submitted_at", "decided_by", "decided_at"]
    list_filter = ["status", "year", "employee__unit__opd"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee", "decided_by"]


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadLoggedAdmin, ReadOnlyAdmin):
    read_subject = "target.employee_id"
    list_display = ["text", "rhk", "quantity", "unit_of_measure", "target"]
    list_filter = ["target__year", "target__status"]
    search_fields = ["text", "rhk", "target__employee__name", "target__employee__nip"]
    list_select_related = ["target__employee"]
