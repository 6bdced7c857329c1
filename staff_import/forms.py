from django import forms

from common.text import VisibleTextForm
from common.xlsx_safety import check_xlsx, read_limited
from opd.models import Unit
from staff_import.models import SiasnField, UnitMapping, heading_key, name_key
from staff_import.tables import is_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StaffUploadForm(forms.Form):
    """The upload: the portal's template or a SIASN export, as .xlsx or CSV; cleaning it reads
    at most the size limit and refuses any unsafe workbook before anything parses it."""

    file = forms.FileField(
        label="Berkas Excel (.xlsx) atau CSV",
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,.csv,{XLSX},text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(
                "Hanya buku kerja .xlsx atau berkas .csv yang dapat diimpor (ekspor SIASN dalam "
                "format lain: buka di Excel lalu simpan sebagai .xlsx)."
            )
        data = read_limited(upload, size=upload.size)
        if name.endswith(".xlsx") or is_workbook(data):
            check_xlsx(data)  # a workbook renamed .csv is still checked as a workbook
        elif not data:
            raise forms.ValidationError("Berkas kosong (0 byte).")
        return data


class UnitMappingForm(VisibleTextForm, forms.ModelForm):
    class Meta:
        model = UnitMapping
        fields = ["siasn_name", "siasn_id", "unit", "skip"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.select_related("opd").order_by(
            "opd__name", "name"
        )
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} — {u.opd.name}"
        self.fields["unit"].empty_label = "(pilih unit portal)"

    def clean(self):
        data = super().clean()
        unit, skip = data.get("unit"), data.get("skip")
        if unit and skip:
            self.add_error("skip", "Pilih unit portal atau lewati, tidak keduanya.")
        elif not unit and not skip and "unit" not in self.errors:
            self.add_error("unit", "Pilih unit portal, atau centang Lewati.")
        name = data.get("siasn_name")
        if name:
            twin = UnitMapping.objects.filter(name_key=name_key(name)).exclude(pk=self.instance.pk)
            if twin.exists():
                self.add_error(
                    "siasn_name",
                    f"Unor {twin.first().siasn_name!r} sudah dipetakan; ubah pemetaan itu.",
                )
        unor_id = (data.get("siasn_id") or "").strip()
        data["siasn_id"] = unor_id
        if (
            unor_id
            and UnitMapping.objects.filter(siasn_id=unor_id).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("siasn_id", f"ID unor {unor_id} sudah dipetakan; ubah pemetaan itu.")
        return data


class SiasnColumnsForm(forms.Form):
    """Each field's accepted headings, one per line (SiasnColumn)."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in SiasnField.choices:
            self.fields[value] = forms.CharField(
                label=label,
                required=False,
                initial=current.get(value, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean(self):
        data = super().clean()
        seen = {}
        for value, label in SiasnField.choices:
            for line in (data.get(value) or "").splitlines():
                key = heading_key(line)
                if key and seen.setdefault(key, label) != label:
                    self.add_error(
                        value, f"Judul {line.strip()!r} sudah dipakai untuk {seen[key]}."
                    )
        return data
