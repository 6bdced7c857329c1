from django import forms

from opd.disclosure import ReadKind


class ReadLogFilterForm(forms.Form):
    """BKPSDM's search of the read access log; every field optional."""

    pegawai = forms.CharField(
        label="Pegawai yang datanya dilihat",
        max_length=200,
        required=False,
        help_text="NIP 18 angka, atau sebagian nama.",
    )
    pengakses = forms.CharField(
        label="Pengakses", max_length=150, required=False, help_text="Nama akun atau nama."
    )
    jenis = forms.ChoiceField(
        label="Data yang dilihat", choices=[("", "Semua"), *ReadKind.choices], required=False
    )
    dari = forms.DateField(
        label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_pegawai(self):
        text = "".join(self.cleaned_data["pegawai"].split()) if self._digits_only() else None
        if text is not None and len(text) != 18:
            raise forms.ValidationError(
                f"NIP terdiri dari 18 angka; yang diisi {len(text)} angka. "
                "Untuk mencari nama, ketik sebagian namanya."
            )
        return text if text is not None else self.cleaned_data["pegawai"].strip()

    def _digits_only(self) -> bool:
        compact = "".join(self.cleaned_data["pegawai"].split())
        return bool(compact) and compact.isdigit()

    def clean(self):
        data = super().clean()
        since, until = data.get("dari"), data.get("sampai")
        if since and until and since > until:
            self.add_error("sampai", "Tanggal 'sampai' tidak boleh lebih awal dari tanggal 'dari'.")
        return data

    def search_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "employee": data["pegawai"],
            "viewer": data["pengakses"].strip(),
            "kind": data["jenis"],
            "since": data["dari"],
            "until": data["sampai"],
        }
