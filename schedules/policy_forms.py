"""Forms of the policy pages: they validate and normalise; the services write."""

from django import forms

from common.text import VisibleTextForm
from opd.picker import SearchPicker, picker_field_setup
from schedules.models import CapException, FlexPolicy
from schedules.models.policies import CAP_MAX, NEW_STAFF_MONTHS_MAX


class FlexPolicyForm(VisibleTextForm, forms.ModelForm):
    new_staff_months = forms.IntegerField(
        label="Masa hanya WFO bagi pegawai baru, mutasi atau promosi (bulan)",
        required=False,
        error_messages={"invalid": "Masa hanya WFO pegawai baru harus berupa angka bulan."},
        help_text=(
            "Dihitung dari tanggal SK; BKPSDM cukup mencatat tanggalnya. 0: tidak dibatasi. "
            "Kosong: tidak diubah."
        ),
    )
    weekly_cap = forms.IntegerField(
        label="Batas hari WFH/WFA per minggu",
        initial=2,
        error_messages={
            "required": "Isi batas hari WFH/WFA per minggu (0 sampai 5).",
            "invalid": "Batas hari WFH/WFA per minggu harus berupa angka 0 sampai 5.",
        },
        help_text=(
            f"0 sampai {CAP_MAX}, per pegawai per minggu kalender (Senin–Minggu), dihitung lintas "
            "periode. PermenPANRB No. 4/2025: paling banyak 2."
        ),
    )

    class Meta:
        model = FlexPolicy
        fields = [
            "name",
            "legal_basis",
            "location_flex",
            "allows_wfh",
            "allows_wfa",
            "weekly_cap",
            "time_flex",
            "new_staff_months",
            "evaluation_due",
            "notes",
        ]
        widgets = {
            "evaluation_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "name": {
                "required": "Nama kebijakan wajib diisi.",
                "unique": "Sudah ada kebijakan dengan nama ini.",
            },
            "legal_basis": {"required": "Dasar hukum wajib diisi (mis. SE MenPANRB No. 2/2026)."},
        }

    def clean_weekly_cap(self):
        cap = self.cleaned_data["weekly_cap"]
        if not 0 <= cap <= CAP_MAX:
            raise forms.ValidationError(
                f"Batas hari WFH/WFA per minggu harus antara 0 dan {CAP_MAX}."
            )
        return cap

    def clean_new_staff_months(self):
        months = self.cleaned_data["new_staff_months"]
        if months is None:  # left out: kept as it is (a new policy: the default period)
            return self.instance.new_staff_months
        if not 0 <= months <= NEW_STAFF_MONTHS_MAX:
            raise forms.ValidationError(
                f"Masa hanya WFO pegawai baru harus antara 0 dan {NEW_STAFF_MONTHS_MAX} bulan."
            )
        return months


class WindowPolicyForm(forms.Form):
    policy = forms.ModelChoiceField(
        label="Kebijakan",
        queryset=FlexPolicy.objects.all(),
        required=False,
        empty_label="Tanpa kebijakan (tanpa batas mingguan)",
        error_messages={"invalid_choice": "Kebijakan yang dipilih tidak ditemukan."},
    )


class CapExceptionForm(VisibleTextForm, forms.ModelForm):
    """The employee is chosen with a searchable picker among the staff the user may grant for
    (their scope): a head's OPD, or the whole city for BKPSDM, never a list of them all."""

    class Meta:
        model = CapException
        fields = ["employee", "reason", "days_per_week", "starts_on", "ends_on"]
        widgets = {
            "employee": SearchPicker(kind="pegawai", placeholder="Nama atau NIP pegawai"),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "employee": {"invalid_choice": "Pegawai tidak ditemukan di OPD Anda."},
            "reason": {"required": "Tuliskan alasannya: tugas khusus atau kondisi pribadi."},
            "days_per_week": {"invalid": "Hari WFH/WFA per minggu harus berupa angka 1 sampai 5."},
        }

    def __init__(self, *args, employees, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        picker_field_setup(self.fields["employee"], candidates=employees, search=search)

    def clean_days_per_week(self):
        days = self.cleaned_data["days_per_week"]
        if not 1 <= days <= CAP_MAX:
            raise forms.ValidationError(f"Hari WFH/WFA per minggu harus antara 1 dan {CAP_MAX}.")
        return days

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Tanggal akhir tidak boleh sebelum tanggal mulai.")
        return data
