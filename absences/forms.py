"""Forms of the absence pages: they validate and normalise; the services write."""

from django import forms

from absences.models import Absence, AbsenceKind
from common.text import VisibleTextForm
from common.xlsx_safety import check_xlsx, read_limited
from opd.picker import SearchPicker, picker_field_setup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AbsenceRequestForm(VisibleTextForm, forms.ModelForm):
    """An employee's own request: what, from when to when (whole days), and the letter."""

    class Meta:
        model = Absence
        fields = ["kind", "start_date", "end_date", "reason", "evidence"]
        widgets = {"start_date": DATE, "end_date": DATE}
        error_messages = {
            "kind": {
                "required": "Pilih jenis ketidakhadiran.",
                "invalid_choice": "Pilih jenis ketidakhadiran dari daftar.",
            },
            "start_date": {
                "required": "Isi tanggal mulai.",
                "invalid": "Tanggal mulai tidak dikenali; tulis seperti 2025-03-31.",
            },
            "end_date": {
                "required": "Isi tanggal selesai (hari terakhir tidak di kantor).",
                "invalid": "Tanggal selesai tidak dikenali; tulis seperti 2025-03-31.",
            },
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if data.get("kind") == AbsenceKind.OTHER and not (data.get("reason") or "").strip():
            self.add_error("reason", "Jenis 'Lainnya' wajib diberi keterangan.")
        return data

    def _post_clean(self):
        """The overlap is the service's to refuse (under its lock), not the form's."""

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AbsenceRecordForm(AbsenceRequestForm):
    """BKPSDM records an absence decided elsewhere; the employee is chosen by search."""

    class Meta(AbsenceRequestForm.Meta):
        fields = ["employee", *AbsenceRequestForm.Meta.fields]
        widgets = {
            **AbsenceRequestForm.Meta.widgets,
            "employee": SearchPicker(kind="pegawai", placeholder="Nama atau NIP pegawai"),
        }
        error_messages = {
            **AbsenceRequestForm.Meta.error_messages,
            "employee": {
                "required": "Pilih pegawai.",
                "invalid_choice": "Pegawai tidak ditemukan.",
            },
        }

    def __init__(self, *args, employees, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        picker_field_setup(self.fields["employee"], candidates=employees, search=search)

    def fields_for_service(self) -> dict:
        fields = super().fields_for_service()
        fields.pop("employee")
        return fields


class DecisionForm(VisibleTextForm, forms.Form):
    note = forms.CharField(
        label="Catatan untuk pegawai",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wajib bila menolak.",
    )
    decision = forms.ChoiceField(
        choices=[("setujui", "Setujui"), ("tolak", "Tolak")],
        error_messages={
            "required": "Pilih setujui atau tolak.",
            "invalid_choice": "Pilih setujui atau tolak.",
        },
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "setujui"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AbsenceUploadForm(forms.Form):
    """The upload (.xlsx or .csv); cleaning it reads at most the size limit and refuses an
    unsafe workbook before anything parses it."""

    file = forms.FileField(
        label="Berkas Excel (.xlsx) atau CSV",
        widget=forms.ClearableFileInput(
            attrs={"accept": f".xlsx,.csv,{XLSX},text/csv", "class": "form-control"}
        ),
        error_messages={"required": "Pilih berkas .xlsx atau .csv."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError("Hanya berkas .xlsx atau .csv yang dapat diimpor.")
        data = read_limited(upload, size=upload.size)
        if name.endswith(".xlsx"):
            check_xlsx(data)
        return data


class DelegationForm(VisibleTextForm, forms.Form):
    """Name a Plh/Plt for one OPD (the page's): the person by search among its staff, the scope
    (the OPD's head, or a unit's head: BKPSDM only), the kind (Plh only for a head), the range
    and the letter. The service checks the rest (the person's OPD, overlaps) under its lock."""

    employee = forms.ModelChoiceField(
        label="Pegawai yang ditunjuk",
        queryset=None,
        widget=SearchPicker(kind="pegawai", placeholder="Nama atau NIP pegawai"),
        error_messages={
            "required": "Pilih pegawai yang ditunjuk.",
            "invalid_choice": "Pegawai tidak ditemukan di OPD ini.",
        },
    )
    unit = forms.ModelChoiceField(
        label="Untuk",
        queryset=None,
        required=False,
        empty_label="Kepala OPD",
        help_text="Pilih unit bila yang berhalangan atau kosong adalah kepala unit.",
        error_messages={"invalid_choice": "Unit tidak ditemukan di OPD ini."},
    )
    kind = forms.ChoiceField(
        label="Jenis",
        help_text="Plh: kepala berhalangan sementara. Plt: jabatan kosong.",
        error_messages={
            "required": "Pilih Plh atau Plt.",
            "invalid_choice": "Kepala OPD hanya dapat menunjuk Plh; Plt ditunjuk BKPSDM.",
        },
    )
    starts_on = forms.DateField(
        label="Mulai",
        widget=DATE,
        error_messages={
            "required": "Isi tanggal mulai.",
            "invalid": "Tanggal mulai tidak dikenali.",
        },
    )
    ends_on = forms.DateField(
        label="Sampai (hari terakhir)",
        widget=DATE,
        error_messages={
            "required": "Isi tanggal akhir.",
            "invalid": "Tanggal akhir tidak dikenali.",
        },
    )
    basis = forms.CharField(
        label="Dasar penunjukan",
        max_length=200,
        help_text="Nomor surat perintah, atau alasannya (mis. Kepala Dinas cuti tahunan).",
        error_messages={"required": "Tuliskan dasar penunjukan."},
    )

    def __init__(self, *args, opd, employees, by_bkpsdm: bool, search: str = "", **kwargs):
        from opd.models import ActingKind

        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        picker_field_setup(
            self.fields["employee"],
            candidates=employees.filter(unit__opd=opd),
            search=search,
            opd_code=opd.code,
        )
        if by_bkpsdm:
            self.fields["unit"].queryset = opd.units.order_by("name")
            self.fields["kind"].choices = ActingKind.choices
        else:  # the head names a Plh of their own OPD for their own absence
            del self.fields["unit"]
            self.fields["kind"].choices = [(ActingKind.PLH, ActingKind.PLH.label)]
            self.fields["kind"].initial = ActingKind.PLH

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "Tanggal akhir tidak boleh sebelum tanggal mulai.")
        employee = data.get("employee")
        if employee is not None and not hasattr(employee, "account"):
            self.add_error(
                "employee",
                f"{employee.name} belum memiliki akun portal; minta BKPSDM membuatkannya dulu.",
            )
        return data
