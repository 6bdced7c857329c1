from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from opd.disclosure import ReadLoggedAdmin
from schedules import services
from schedules.models import (
    Assignment,
    BulkChange,
    CapException,
    CoverageRule,
    FlexPolicy,
    FlexWindow,
    Plan,
    Preference,
    Proposal,
    WindowDay,
    WorkingHours,
    WorkPattern,
)
from schedules.services import guard


def _warn_sent_back(modeladmin, request, sent) -> None:
    if sent:
        modeladmin.message_user(request, guard.describe(sent, future=False), messages.WARNING)


class WindowDayInline(admin.TabularInline):
    """Read only here: days are added on the window's page or in 'Hari periode', where the plans
    that depend on them are locked and re-checked."""

    model = WindowDay
    extra = 0
    fields = ["date", "legal_basis", "holiday_override_reason", "overridden_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FlexWindow)
class FlexWindowAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "legal_basis", "signed_on", "allows_wfh", "allows_wfa"]
    search_fields = ["name", "slug", "legal_basis"]
    list_filter = ["allows_wfh", "allows_wfa"]
    inlines = [WindowDayInline]


@admin.register(WindowDay)
class WindowDayAdmin(admin.ModelAdmin):
    list_display = ["date", "window", "legal_basis", "holiday_override_reason"]
    list_filter = ["window"]
    search_fields = ["window__name", "legal_basis"]
    date_hierarchy = "date"
    autocomplete_fields = ["overridden_by"]  # a search, not a list of every account

    # Plans depend on their window's days: each change locks and re-checks them.
    def save_model(self, request, obj, form, change):
        _warn_sent_back(self, request, services.window_day_change(day=obj, by=request.user))

    def delete_model(self, request, obj):
        sent = services.window_day_change(day=obj, by=request.user, delete=True)
        _warn_sent_back(self, request, sent)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            self.delete_model(request, day)


@admin.register(Assignment)
class AssignmentAdmin(ReadLoggedAdmin, SimpleHistoryAdmin):
    list_display = ["employee", "day", "mode", "wfa_place", "pinned", "changed_by", "changed_at"]
    list_filter = ["mode", "pinned", "day__window", "employee__unit__opd"]
    search_fields = ["employee__name", "employee__nip", "wfa_place"]
    list_select_related = ["employee", "day", "changed_by"]
    raw_id_fields = ["employee"]
    readonly_fields = ["version", "changed_by", "changed_at"]
    show_full_result_count = False

    # Read only here: modes change in the planning grid, where the plan lock, eligibility,
    # stale-edit checks and history apply.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CoverageRule)
class CoverageRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "value",
        "position_keywords",
        "unit",
        "service_category",
        "unit_kind",
        "window",
        "is_active",
    ]
    list_filter = ["is_active", "kind", "service_category", "unit_kind", "window"]
    search_fields = ["name", "position_keywords", "unit__name", "unit__code"]
    raw_id_fields = ["unit"]

    # The same service as the portal's rule form: dependent plans are locked and re-checked.
    def save_model(self, request, obj, form, change):
        _warn_sent_back(self, request, services.rule_save(rule=obj, by=request.user))


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["opd", "window", "status", "acted_by", "acted_at"]
    list_filter = ["status", "window"]
    search_fields = ["opd__name", "opd__code", "note"]
    readonly_fields = ["status", "acted_by", "acted_at", "note"]  # the workflow changes these


@admin.register(Preference)
class PreferenceAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    list_display = ["employee", "day", "mode", "wfa_place", "updated_at"]
    list_filter = ["mode", "day__window", "employee__unit__opd"]
    search_fields = ["employee__name", "employee__nip", "wfa_place"]
    raw_id_fields = ["employee"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read only: proposals are made and applied in the portal, where the plan checks apply."""

    list_display = ["window", "opd", "created_by", "created_at", "seconds", "applied_at"]
    list_filter = ["window", "applied_at"]
    search_fields = ["opd__name", "opd__code", "created_by__username"]
    list_select_related = ["window", "opd", "created_by"]
    exclude = ["cells"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(SimpleHistoryAdmin):
    """Read only: changed in the portal, where the services check them and re-check the plans."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FlexPolicy)
class FlexPolicyAdmin(_ReadOnlyAdmin):
    list_display = ["name", "legal_basis", "location_flex", "time_flex", "weekly_cap"]
    list_filter = ["location_flex", "time_flex", "weekly_cap"]
    search_fields = ["name", "legal_basis"]


@admin.register(CapException)
class CapExceptionAdmin(_ReadOnlyAdmin):
    list_display = ["employee", "days_per_week", "starts_on", "ends_on", "granted_by"]
    list_filter = ["days_per_week", "employee__unit__opd"]
    search_fields = ["employee__name", "employee__nip", "reason"]
    list_select_related = ["employee", "granted_by"]


@admin.register(WorkingHours)
class WorkingHoursAdmin(_ReadOnlyAdmin):
    list_display = ["employee", "day", "kind", "changed_by", "changed_at"]
    list_filter = ["kind", "day__window", "employee__unit__opd"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee", "day", "changed_by"]


class _ReadOnlyPlain(admin.ModelAdmin):
    """Read only, without history: written only by the grid's bulk actions (the write path)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BulkChange)
class BulkChangeAdmin(_ReadOnlyPlain):
    list_display = ["plan", "summary", "changed", "made_by", "made_at", "undone_at"]
    list_filter = ["plan__window", "undone_at"]
    search_fields = ["summary", "plan__opd__name", "made_by__username"]
    list_select_related = ["plan__opd", "plan__window", "made_by"]
    exclude = ["cells"]  # the previous WFA places of every cell: for the undo, not for reading


@admin.register(WorkPattern)
class WorkPatternAdmin(ReadLoggedAdmin, _ReadOnlyPlain):
    list_display = ["employee", "weekday", "mode", "wfa_place", "changed_by", "changed_at"]
    list_filter = ["weekday", "mode", "employee__unit__opd"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee", "changed_by"]
