"""Forms of the restriction pages: they validate and normalise; the service writes."""

from django import forms

from common.text import VisibleTextForm
from eligibility.models import Restriction, RestrictionKind
from opd.picker import SearchPicker, picker_field_setup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = "tidak dikenali; tulis seperti 2025-03-31."


class RestrictionForm(VisibleTextForm, forms.ModelForm):
    """BKPSDM records a restriction: who, what, why, on what basis, from when to when."""

    class Meta:
        model = Restriction
        fields = ["employee", "kind", "reason", "basis", "start_date", "end_date"]
        widgets = {
            "employee": SearchPicker(kind="pegawai", placeholder="Nama atau NIP pegawai"),
            "start_date": DATE,
            "end_date": DATE,
        }
        help_texts = {
            "end_date": (
                "Hari terakhir hanya WFO. Kosongkan untuk pengangkatan baru, mutasi atau promosi: "
                "tanggal berakhir dihitung dari masa yang ditetapkan kebijakan yang berlaku. "
                "Kosong untuk hukuman disiplin: sampai diakhiri BKPSDM."
            ),
        }
        error_messages = {
            "employee": {
                "required": "Pilih pegawai.",
                "invalid_choice": "Pegawai tidak ditemukan.",
            },
            "kind": {
                "required": "Pilih jenis pembatasan.",
                "invalid_choice": "Pilih jenis pembatasan dari daftar.",
            },
            "start_date": {
                "required": "Isi tanggal mulai (tanggal SK berlaku).",
                "invalid": f"Tanggal mulai {DATE_ERRORS}",
            },
            "end_date": {"invalid": f"Tanggal berakhir {DATE_ERRORS}"},
        }

    def __init__(self, *args, employees, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        picker_field_setup(self.fields["employee"], candidates=employees, search=search)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Tanggal berakhir tidak boleh sebelum tanggal mulai.")
        if data.get("kind") == RestrictionKind.OTHER and not (data.get("reason") or "").strip():
            self.add_error("reason", "Jenis 'Lainnya' wajib diberi alasan.")
        return data

    def _post_clean(self):
        """The overlap and the policy's period are the service's (under its lock)."""

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EndForm(forms.Form):
    end_date = forms.DateField(
        label="Hari terakhir hanya WFO",
        widget=DATE,
        help_text="Mulai hari berikutnya pegawai kembali boleh bekerja fleksibel.",
        error_messages={
            "required": "Isi hari terakhir pembatasan.",
            "invalid": f"Tanggal {DATE_ERRORS}",
        },
    )
