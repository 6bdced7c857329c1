from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from opd import guards, services
from opd.disclosure import ReadLoggedAdmin
from opd.models import CalendarFeed, Employee, Opd, Unit, User


def _warn_sent_back(modeladmin, request, sent) -> None:
    if sent:
        modeladmin.message_user(request, guards.describe(sent, future=False), messages.WARNING)


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

    # A unit's kind and category decide which coverage rules apply: plans are re-checked.
    def save_model(self, request, obj, form, change):
        _warn_sent_back(self, request, services.unit_save(unit=obj, by=request.user))


class EmployeeAdminForm(forms.ModelForm):
    effective_on = forms.DateField(
        label="Perubahan berlaku mulai",
        required=False,
        help_text="Untuk berhenti, mutasi atau pindah unit: hari pertama perubahan berlaku "
        "(kosong: hari ini). Hari sebelumnya tetap dihitung seperti semula, dan periode yang "
        "sudah selesai sebelum tanggal ini tidak diperiksa ulang.",
    )


@admin.register(Employee)
class EmployeeAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    form = EmployeeAdminForm
    readonly_fields = ["left_on", "moved_on", "previous_unit"]
    read_subject = "pk"
    list_display = ["name", "nip", "asn_type", "golongan", "position_name", "unit", "is_active"]
    list_filter = ["asn_type", "position_type", "is_active", "unit__opd"]
    search_fields = ["name", "nip", "position_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    show_full_result_count = False

    # Plans depend on who is active in which unit and position: every change is guarded.
    def save_model(self, request, obj, form, change):
        effective_on = form.cleaned_data.get("effective_on")
        sent = services.employee_save(employee=obj, by=request.user, effective_on=effective_on)
        _warn_sent_back(self, request, sent)

    def delete_model(self, request, obj):
        _warn_sent_back(self, request, services.employee_delete(employee=obj, by=request.user))

    def delete_queryset(self, request, queryset):
        for employee in queryset:
            self.delete_model(request, employee)


# What decides an account's reach: nobody may widen (or narrow) their own.
OWN_ACCOUNT_COLUMNS = ("role", "opd", "employee", "is_superuser", "is_staff")
OWN_ACCOUNT_LOCKED = (*OWN_ACCOUNT_COLUMNS, "groups", "user_permissions")
OWN_ACCOUNT_NOTE = (
    "Peran, OPD, pegawai, status staf dan superuser, grup serta izin akun Anda sendiri hanya "
    "dapat diubah oleh admin lain."
)


@admin.register(User)
class PortalUserAdmin(ReadLoggedAdmin, SimpleHistoryAdmin, UserAdmin):
    """Accounts, with the history of every change (who changed whose role or OPD, and when)."""

    list_display = ["username", "get_full_name", "role", "opd", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "employee__nip"]
    autocomplete_fields = ["opd", "employee", "head_of_unit"]
    fieldsets = UserAdmin.fieldsets + (
        ("Peran di portal", {"fields": ["role", "opd", "employee", "head_of_unit"]}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Peran di portal", {"fields": ["role", "opd", "employee"]}),
    )

    @staticmethod
    def _is_own(request, obj) -> bool:
        return obj is not None and obj.pk == request.user.pk

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._is_own(request, obj):
            fields += [name for name in OWN_ACCOUNT_LOCKED if name not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._is_own(request, obj):
            return fieldsets
        return [
            (name, {**options, "description": OWN_ACCOUNT_NOTE})
            if name == "Peran di portal"
            else (name, options)
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        """Read-only fields are not in the form, but reverting one's own account from its history
        saves every column of the old version: put the locked ones back as they are now."""
        if change and obj.pk == request.user.pk:
            current = User.objects.get(pk=obj.pk)
            columns = [User._meta.get_field(name).attname for name in OWN_ACCOUNT_COLUMNS]
            kept = [name for name in columns if getattr(obj, name) != getattr(current, name)]
            for name in kept:
                setattr(obj, name, getattr(current, name))
            if kept or any(name in request.POST for name in OWN_ACCOUNT_LOCKED):
                messages.warning(request, f"{OWN_ACCOUNT_NOTE} Perubahan itu diabaikan.")
        super().save_model(request, obj, form, change)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Who has a calendar address, never the address itself: the token is the employee's secret.
    BKPSDM may delete one (e.g. a lost phone); only the employee creates or renews it."""

    list_display = ["user", "created_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_filter = ["created_at"]
    exclude = ["token"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
