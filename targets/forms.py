"""Forms of work targets: they validate and normalise, targets.services writes."""

from django import forms

from common.text import VisibleTextForm
from common.xlsx_safety import check_xlsx, read_limited
from targets.models import ActionPlan
from targets.services import MAX_COMMENT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ActionPlanForm(VisibleTextForm, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["rhk", "text", "quantity", "unit_of_measure"]
        labels = {
            "rhk": "Rencana hasil kerja (RHK)",
            "text": "Rencana aksi",
            "unit_of_measure": "Satuan",
        }
        widgets = {
            "rhk": forms.TextInput(
                attrs={"list": "rhk-list", "placeholder": "Mis. Terlaksananya pelayanan imunisasi"}
            ),
            "text": forms.TextInput(attrs={"placeholder": "Mis. Melayani imunisasi anak"}),
            "unit_of_measure": forms.TextInput(attrs={"placeholder": "Mis. anak"}),
        }

    quantity = forms.DecimalField(
        label="Target jumlah (setahun)",
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": "Target harus angka; gunakan koma untuk pecahan, mis. 2,5.",
            "min_value": "Target tidak boleh kurang dari 0.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class ReturnForm(VisibleTextForm, forms.Form):
    strip_invisible = ("comment",)

    comment = forms.CharField(
        label="Catatan untuk pegawai",
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": "Tulis catatan untuk pegawai: apa yang perlu diperbaiki."},
    )


class TargetUploadForm(forms.Form):
    """The upload; cleaning it reads at most the size limit and refuses any unsafe workbook."""

    file = forms.FileField(
        label="Berkas Excel (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}", "class": "form-control"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        data = read_limited(upload, size=upload.size)
        check_xlsx(data)
        return data
