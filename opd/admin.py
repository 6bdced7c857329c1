from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from opd.models import Employee, Opd, Unit, User


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "opd", "kind", "service_category", "radius_m"]
    list_filter = ["kind", "service_category", "opd"]
    search_fields = ["name", "code", "opd__name"]
    list_select_related = ["opd"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["name", "nip", "asn_type", "golongan", "position_name", "unit", "is_active"]
    list_filter = ["asn_type", "position_type", "is_active", "ineligibility", "unit__opd"]
    search_fields = ["name", "nip", "position_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    show_full_result_count = False


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "role", "opd", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "employee__nip"]
    autocomplete_fields = ["opd", "employee"]
    fieldsets = UserAdmin.fieldsets + (
        ("Peran di portal", {"fields": ["role", "opd", "employee"]}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Peran di portal", {"fields": ["role", "opd", "employee"]}),
    )
