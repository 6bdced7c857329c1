from django import forms

from common.text import VisibleTextForm
from devicelogs.models import Device, LineKind
from devicelogs.reading import read_bounded

ACCEPT = ".dat,.txt,.csv,.xlsx"


class LogUploadForm(forms.Form):
    """The upload: which machine, and its file (read at most up to the size limit)."""

    device = forms.ModelChoiceField(
        label="Mesin presensi",
        queryset=Device.objects.order_by("code"),
        empty_label="— pilih mesin —",
        error_messages={"invalid_choice": "Pilih mesin dari daftar."},
    )
    file = forms.FileField(
        label="Berkas log (attlog .dat/.txt, CSV atau .xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        return read_bounded(upload, size=upload.size)


class ExplanationForm(VisibleTextForm, forms.Form):
    employee = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=LineKind.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label="Keterangan",
        max_length=500,
        error_messages={
            "required": "Tulis keterangannya (mis. rapat di luar kantor, mesin rusak).",
            "max_length": "Keterangan paling banyak 500 karakter.",
        },
        widget=forms.TextInput(attrs={"placeholder": "mis. rapat di Bappeda; mesin rusak"}),
    )
