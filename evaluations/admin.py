"""The admin reads evaluations; the workflow runs through the portal's pages and services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "window", "status", "submitted_at", "signed_off_at", "consolidated_at"]
    list_filter = ["status", "window", "unit__opd"]
    search_fields = ["unit__name", "unit__opd__name"]
    list_select_related = ["unit", "window"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
