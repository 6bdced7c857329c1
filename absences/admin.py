from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from absences.models import Absence


@admin.register(Absence)
class AbsenceAdmin(SimpleHistoryAdmin):
    """Read only: an absence changes who is on site, so it is requested, decided, recorded and
    imported on the portal's pages, whose services lock and re-check the plans it touches."""

    list_display = ["employee", "kind", "start_date", "end_date", "status", "decided_by"]
    list_filter = ["status", "kind"]
    search_fields = ["employee__name", "employee__nip", "evidence"]
    date_hierarchy = "start_date"
    list_select_related = ["employee", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
