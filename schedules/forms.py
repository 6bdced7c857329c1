from django import forms


class WindowDayForm(forms.Form):
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
