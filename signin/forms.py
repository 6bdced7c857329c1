from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Kode",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
        help_text="6 angka dari aplikasi autentikator, atau satu kode pemulihan.",
    )
