from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from absences.models import Absence
from opd.disclosure import ReadLoggedAdmin
from opd.models import Delegation


@admin.register(Absence)
class AbsenceAdmin(ReadLoggedAdmin, SimpleHistoryAdmin):
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


@admin.register(Delegation)
class DelegationAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    """Read only: Plh/Plt are named and ended on the portal's page (/plh/, absences/acting.py),
    which checks the scope, refuses overlaps and tells the named account."""

    read_subject = "account.employee_id"

    list_display = ["account", "opd", "unit", "kind", "starts_on", "ends_on", "ended_at"]
    list_filter = ["kind", "opd"]
    list_select_related = ["account", "opd", "unit"]
    search_fields = ["account__username", "account__first_name", "opd__name", "unit__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
