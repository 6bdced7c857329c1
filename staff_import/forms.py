from django import forms

from common.xlsx_safety import check_xlsx, read_limited

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StaffUploadForm(forms.Form):
    """The upload; cleaning it reads at most the size limit and refuses any unsafe workbook."""

    file = forms.FileField(
        label="Berkas Excel (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        data = read_limited(upload, size=upload.size)
        check_xlsx(data)
        return data
