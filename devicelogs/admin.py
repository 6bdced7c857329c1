from django.contrib import admin

from devicelogs.models import Device, DeviceUser, Explanation, Punch, PunchImport
from opd.disclosure import ReadLoggedAdmin


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "opd", "id_kind", "is_office"]
    list_filter = ["id_kind", "is_office"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["opd"]


@admin.register(DeviceUser)
class DeviceUserAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    list_display = ["device", "device_user_id", "employee"]
    search_fields = ["device_user_id", "employee__nip", "employee__name"]
    autocomplete_fields = ["employee"]
    list_select_related = ["device", "employee"]


@admin.register(PunchImport)
class PunchImportAdmin(admin.ModelAdmin):
    list_display = ["at", "device", "source", "file_name", "rows_read", "added", "duplicates"]
    list_select_related = ["device"]
    readonly_fields = [f.name for f in PunchImport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Punch)
class PunchAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    """Read only: punches come from files and partner posts, never typed in."""

    list_display = ["employee", "at", "device", "verify", "state"]
    list_filter = ["device"]
    search_fields = ["employee__nip", "employee__name"]
    list_select_related = ["employee", "device"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Explanation)
class ExplanationAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    list_display = ["employee", "date", "kind", "note", "by"]
    list_filter = ["kind"]
    search_fields = ["employee__nip", "employee__name", "note"]
    list_select_related = ["employee", "by"]
    readonly_fields = ["employee", "date", "kind", "by", "at"]
