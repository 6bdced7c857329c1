from django import forms
from django.conf import settings

from api.services import CLIENT_ROLES, MAX_TOKEN_DAYS
from opd.models import Opd, Role


class ClientForm(forms.Form):
    name = forms.CharField(label="Nama sistem", max_length=100, help_text="Mis. e-Presensi Kota.")
    contact = forms.CharField(
        label="Penanggung jawab",
        max_length=200,
        required=False,
        help_text="Nama dan kontak yang dihubungi bila token bocor.",
    )
    role = forms.ChoiceField(
        label="Lingkup",
        choices=[(role.value, role.label) for role in CLIENT_ROLES],
        help_text="Admin BKPSDM: seluruh kota termasuk tempat WFA; Kantor Wali Kota: seluruh kota "
        "tanpa tempat WFA; Kepala OPD: satu OPD.",
    )
    opd = forms.ModelChoiceField(
        label="OPD", queryset=Opd.objects.all(), required=False, help_text="Wajib untuk Kepala OPD."
    )

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.HEAD and not data.get("opd"):
            self.add_error("opd", "Pilih OPD untuk klien dengan lingkup Kepala OPD.")
        return data


class TokenForm(forms.Form):
    label = forms.CharField(label="Keterangan", max_length=100, help_text="Mis. server produksi.")
    days = forms.IntegerField(
        label="Berlaku (hari)",
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        initial=settings.WFA_API_TOKEN_DAYS,
    )
