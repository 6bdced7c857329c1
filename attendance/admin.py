"""The admin reads attendance; writes go through the portal's pages and services, where the
rules live (server time, one check-in a day, review transitions). Feedback may be deleted (spam)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from attendance.models import CheckIn, DailyReport, OutputItem, ServiceFeedback, ServiceHours
from opd.disclosure import ReadLoggedAdmin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CheckIn)
class CheckInAdmin(ReadLoggedAdmin, ReadOnlyAdmin):
    # Raw coordinates are shown to nobody, the admin included (UU 27/2022: only what a role
    # needs): the distance to the office and the flags tell the head what matters.
    exclude = ["latitude", "longitude", "accuracy_m"]
    list_display = [
        "employee",
        "day",
        "planned_mode",
        "mode",
        "place",
        "checked_in_at",
        "checked_out_at",
        "distance_m",
        "flags",
    ]
    list_filter = ["mode", "planned_mode", "day__window", "employee__unit__opd"]
    search_fields = ["employee__name", "employee__nip", "place"]
    list_select_related = ["employee", "day"]
    show_full_result_count = False


class OutputItemInline(admin.TabularInline):
    model = OutputItem
    extra = 0
    fields = ["description", "quantity", "unit_of_measure", "evidence_url"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DailyReport)
class DailyReportAdmin(ReadLoggedAdmin, SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ["employee", "day", "mode", "status", "submitted_at", "reviewed_by"]
    list_filter = ["status", "mode", "day__window", "employee__unit__opd"]
    search_fields = ["employee__name", "employee__nip", "review_comment"]
    list_select_related = ["employee", "day", "reviewed_by"]
    inlines = [OutputItemInline]
    show_full_result_count = False


@admin.register(OutputItem)
class OutputItemAdmin(ReadLoggedAdmin, SimpleHistoryAdmin, ReadOnlyAdmin):
    read_subject = "report.employee_id"
    list_display = ["description", "quantity", "unit_of_measure", "report"]
    search_fields = ["description", "report__employee__name", "report__employee__nip"]
    list_select_related = ["report__employee", "report__day"]
    show_full_result_count = False


@admin.register(ServiceFeedback)
class ServiceFeedbackAdmin(ReadOnlyAdmin):
    list_display = ["unit", "window", "rating", "via_qr", "created_at", "comment"]
    list_filter = ["rating", "via_qr", "window", "unit__service_category"]
    search_fields = ["unit__name", "unit__code", "comment", "contact"]
    list_select_related = ["unit", "window"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # spam is removed here; nothing else edits feedback


@admin.register(ServiceHours)
class ServiceHoursAdmin(admin.ModelAdmin):
    """Master data for the public service page: BKPSDM keeps the hours, and a window's changes."""

    list_display = ["unit", "window", "days", "opens_at", "closes_at", "note"]
    list_filter = ["window", "unit__service_category", "unit__opd"]
    search_fields = ["unit__name", "unit__code", "days", "note"]
    list_select_related = ["unit", "window"]
    autocomplete_fields = ["unit"]
