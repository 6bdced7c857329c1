from django.contrib import admin

from schedules.models import FlexWindow, WindowDay


class WindowDayInline(admin.TabularInline):
    model = WindowDay
    extra = 0
    fields = ["date", "legal_basis", "holiday_override_reason", "overridden_by"]
    readonly_fields = ["overridden_by"]


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
