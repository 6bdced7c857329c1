from django import forms

from common.text import VisibleTextForm
from opd.forms import EmployeeFilterForm
from opd.models import Employee, ServiceCategory, Unit
from schedules.models import CoverageRule, Mode, WindowDay


class WindowDayForm(VisibleTextForm, forms.Form):
    date = forms.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}))
    legal_basis = forms.CharField(
        label="Dasar hukum hari ini",
        required=False,
        max_length=300,
        help_text="Kosongkan bila sama dengan dasar hukum periode.",
    )
    override_reason = forms.CharField(
        label="Alasan pengecualian hari libur",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Hanya bila tanggal ini akhir pekan, libur nasional atau cuti bersama.",
    )


PER_PAGE_CHOICES = [("50", "50"), ("100", "100"), ("200", "200"), ("500", "500")]


class GridFilterForm(EmployeeFilterForm):
    """The staff filters plus a free-text position filter and the page size."""

    position = forms.CharField(label="Jabatan memuat", required=False, max_length=100)
    per = forms.ChoiceField(label="Baris per halaman", choices=PER_PAGE_CHOICES, required=False)

    def filter(self, employees):
        employees = super().filter(employees)  # validates: cleaned_data holds the good filters
        if self.is_bound and self.cleaned_data.get("position"):
            employees = employees.filter(
                position_name__icontains=self.cleaned_data["position"].strip()
            )
        return employees

    def per_page(self) -> int:
        if not self.is_bound:
            return 100
        self.is_valid()  # an invalid page size falls back to the default, alone
        return int(self.cleaned_data.get("per") or 100)


class BulkForm(VisibleTextForm, forms.Form):
    """A bulk action on the grid: which cells, and what to do with them."""

    ACTIONS = [
        ("set", "Tetapkan mode untuk pegawai terpilih"),
        ("unit", "Tetapkan mode untuk seluruh unit"),
        ("copy", "Salin mode dari satu hari ke hari lain"),
        ("copy_from", "Salin pola dari minggu atau periode sebelumnya"),
        ("pattern", "Jadikan pola berulang: mode setiap minggu pada hari yang dicentang"),
        ("pattern_apply", "Terapkan pola berulang yang tersimpan"),
        ("pattern_clear", "Hapus pola berulang pegawai terpilih"),
        ("reset", "Kembalikan pegawai terpilih ke WFO"),
        ("pin", "Kunci sel terpilih dari usulan otomatis"),
        ("unpin", "Buka kunci sel terpilih"),
    ]
    # Actions whose scope is the ticked employees, else the chosen unit, else the whole OPD; and
    # whose days, when none is ticked, are all the window's days.
    WIDE = ("copy_from", "pattern_apply")
    action = forms.ChoiceField(label="Tindakan", choices=ACTIONS)
    mode = forms.ChoiceField(label="Mode", choices=Mode.choices, required=False)
    wfa_place = forms.CharField(label="Tempat WFA", required=False, max_length=200)
    days = forms.ModelMultipleChoiceField(
        label="Hari", queryset=WindowDay.objects.none(), required=False
    )
    source_day = forms.ModelChoiceField(
        label="Salin dari hari", queryset=WindowDay.objects.none(), required=False
    )
    source = forms.ChoiceField(label="Salin dari", choices=[], required=False)
    unit = forms.ModelChoiceField(label="Unit", queryset=Unit.objects.none(), required=False)
    employees = forms.ModelMultipleChoiceField(
        label="Pegawai", queryset=Employee.objects.none(), required=False
    )
    confirm = forms.CharField(required=False, max_length=64)

    def __init__(self, *args, window, opd, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].queryset = window.days.all()
        self.fields["source_day"].queryset = window.days.all()
        self.fields["source"].choices = [("", "—"), *sources]
        self.fields["unit"].queryset = Unit.objects.filter(opd=opd)
        self.fields["employees"].queryset = Employee.objects.active().filter(unit__opd=opd)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in ("set", "unit", "pattern") and not data.get("mode"):
            self.add_error("mode", "Pilih mode kerja.")
        if action == "pattern" and data.get("mode") == Mode.WFO:
            self.add_error("mode", "Pola berulang hanya untuk hari WFH atau WFA.")
        needs_people = ("set", "reset", "copy", "pin", "unpin", "pattern", "pattern_clear")
        if action in needs_people and not data.get("employees"):
            self.add_error("employees", "Pilih sedikitnya satu pegawai (centang barisnya).")
        if action == "unit" and not data.get("unit"):
            self.add_error("unit", "Pilih unit.")
        if action == "copy" and not data.get("source_day"):
            self.add_error("source_day", "Pilih hari sumber.")
        if action == "copy_from" and not data.get("source"):
            self.add_error("source", "Pilih minggu atau periode sumber.")
        if action not in (*self.WIDE, "pattern_clear") and not data.get("days"):
            self.add_error("days", "Pilih sedikitnya satu hari.")
        return data

    def signature(self) -> str:
        """The action as chosen, to tie a confirmation to what was previewed."""
        data = self.cleaned_data
        parts = [
            data.get("action"),
            data.get("mode"),
            data.get("wfa_place"),
            sorted(d.pk for d in data.get("days") or []),
            getattr(data.get("source_day"), "pk", None),
            data.get("source"),
            getattr(data.get("unit"), "pk", None),
            sorted(e.pk for e in data.get("employees") or []),
        ]
        return repr(parts)


class CellForm(VisibleTextForm, forms.Form):
    """One cell of the grid changed in place."""

    employee = forms.IntegerField()
    day = forms.IntegerField()
    mode = forms.ChoiceField(choices=Mode.choices)
    wfa_place = forms.CharField(required=False, max_length=200)
    versions = forms.CharField(required=False, max_length=2000)


class PlanNoteForm(VisibleTextForm, forms.Form):
    note = forms.CharField(
        label="Catatan",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Catatan wajib diisi."},
    )


class CoverageRuleForm(VisibleTextForm, forms.ModelForm):
    """A coverage rule; its one target is a unit (by code), a service category or a unit kind."""

    unit_code = forms.CharField(
        label="Kode unit",
        required=False,
        max_length=60,
        help_text="Isi hanya bila aturan berlaku untuk satu unit, mis. pkm-makrayu.",
    )

    class Meta:
        model = CoverageRule
        fields = [
            "name",
            "unit_code",
            "service_category",
            "unit_kind",
            "kind",
            "value",
            "position_keywords",
            "window",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.unit_id:
            self.fields["unit_code"].initial = self.instance.unit.code
        self.fields["service_category"].choices = [("", "—")] + [
            c for c in ServiceCategory.choices if c[0] != ServiceCategory.NONE
        ]

    def clean_unit_code(self):
        code = self.cleaned_data["unit_code"].strip()
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(f"Unit dengan kode '{code}' tidak ditemukan.")
        return unit

    def _post_clean(self):
        self.instance.unit = self.cleaned_data.get("unit_code")
        super()._post_clean()
