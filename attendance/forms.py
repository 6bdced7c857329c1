"""Forms of the attendance app: they validate and normalise, the services write."""

import re
from decimal import Decimal

from django import forms
from django.conf import settings

from attendance.models import OutputItem
from attendance.services import Position
from attendance.services.reports import MAX_COMMENT, MAX_ITEMS
from common.text import VisibleTextForm
from schedules.models import Mode

# The largest accuracy worth keeping: beyond it the fix says nothing about where the phone is.
MAX_ACCURACY_M = 100_000


class CheckInForm(VisibleTextForm, forms.Form):
    """What the employee says and what the browser found; who and when come from the server."""

    mode = forms.ChoiceField(label="Saya bekerja hari ini secara", widget=forms.RadioSelect)
    place = forms.CharField(
        label="Tempat kerja WFA",
        required=False,
        max_length=200,
        help_text="Wajib bila WFA: kota dan tempat, mis. 'Lubuklinggau, rumah orang tua'.",
    )
    day = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Read leniently by position(): a browser that sends a broken location must not cost the
    # employee the check-in; the location is dropped and the check-in flagged "no location".
    latitude = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    longitude = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    accuracy = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, modes=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = modes or Mode.values
        self.fields["mode"].choices = [(v, label) for v, label in Mode.choices if v in allowed]

    def clean(self):
        data = super().clean()
        if data.get("mode") == Mode.WFA and not (data.get("place") or "").strip():
            self.add_error("place", "Tuliskan tempat Anda bekerja WFA hari ini.")
        return data

    def position(self) -> Position | None:
        """The location, or None when the browser sent none (or half of one, or nonsense)."""
        lat = _number(self.cleaned_data.get("latitude"), -90, 90)
        lon = _number(self.cleaned_data.get("longitude"), -180, 180)
        if lat is None or lon is None:
            return None
        accuracy = _number(self.cleaned_data.get("accuracy"), 0, float("inf"))
        return Position(
            latitude=Decimal(f"{lat:.6f}"),
            longitude=Decimal(f"{lon:.6f}"),
            accuracy_m=round(min(accuracy, MAX_ACCURACY_M)) if accuracy is not None else None,
        )


class _SharedFields(dict):
    """A form's fields that its instances share instead of deep-copying (see QueuedCheckInForm)."""

    def __deepcopy__(self, memo):
        return _SharedFields(self)


class QueuedCheckInForm(CheckInForm):
    """The check-in form for the phone's JSON post (attendance.views.checkin.check_in_queued):
    the same fields, rules and messages, every mode (the service checks the day's window).

    It is never rendered and nothing changes its fields per request, so its instances share one
    set of fields built once per process: a form deep-copies its fields and widgets on every
    instance, which was a tenth of the morning peak's tap in CPU (tests/bench/tap.py).
    """

    def __init__(self, data):
        forms.Form.__init__(self, data)  # not CheckInForm's: it would set the shared choices


QueuedCheckInForm.base_fields = _SharedFields(CheckInForm().fields)


def _number(text: str | None, low: float, high: float) -> float | None:
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if low <= value <= high else None  # NaN fails both comparisons


class OutputItemForm(VisibleTextForm, forms.ModelForm):
    strip_invisible = ("description",)  # typed on a phone: an emoji may carry a joiner
    field_order = ["rencana_aksi", "description", "quantity", "unit_of_measure", "started_at"]
    field_order += ["ended_at", "evidence_url"]

    class Meta:
        model = OutputItem
        fields = ["description", "quantity", "unit_of_measure", "evidence_url", "started_at"]
        fields += ["ended_at"]
        labels = {
            "description": "Uraian keluaran",
            "quantity": "Jumlah",
            "unit_of_measure": "Satuan",
        }
        widgets = {
            "description": forms.TextInput(attrs={"placeholder": "Mis. Melayani imunisasi anak"}),
            "unit_of_measure": forms.TextInput(attrs={"placeholder": "Mis. pasien"}),
        }

    # Text with a decimal keypad: a number input drops "23,5" (the Indonesian way of writing it)
    # and showed nothing when a returned report was opened for correction.
    quantity = forms.DecimalField(
        label="Jumlah",
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,  # shown as "23,5"; "23,5" and "23.5" are both read
        # Rendered by the widget itself, which writes the stored number the Indonesian way.
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm",
                "inputmode": "decimal",
                "autocomplete": "off",
            }
        ),
        error_messages={
            "invalid": "Jumlah harus angka; gunakan koma untuk pecahan, mis. 2,5.",
            "min_value": "Jumlah tidak boleh kurang dari 0.",
            "max_digits": "Jumlah terlalu besar.",
            "max_decimal_places": "Paling banyak dua angka di belakang koma, mis. 2,25.",
        },
    )

    def full_clean(self):
        super().full_clean()
        if "quantity" in self.errors:
            self.fields["quantity"].widget.attrs["class"] += " is-invalid"

    evidence_url = forms.URLField(
        label="Tautan bukti (opsional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text="Mis. berkas di penyimpanan kantor atau foto kegiatan.",
    )
    # The action plan of the employee's approved target it serves, picked by its label from a
    # searchable list (a <datalist>: type to filter); left empty for work outside the SKP.
    rencana_aksi = forms.CharField(
        label="Rencana aksi SKP (opsional)",
        required=False,
        max_length=1100,
        help_text="Ketik untuk mencari rencana aksi Anda; kosongkan bila di luar SKP.",
    )
    started_at = forms.TimeField(
        label="Jam mulai", required=False, error_messages={"invalid": "Tulis jam, mis. 08.00."}
    )
    ended_at = forms.TimeField(
        label="Jam selesai", required=False, error_messages={"invalid": "Tulis jam, mis. 10.30."}
    )

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = plans or {}  # label -> ActionPlan, the employee's own approved ones

    def clean_rencana_aksi(self):
        label = " ".join(self.cleaned_data["rencana_aksi"].split())
        if not label:
            return None
        plan = self.plans.get(label)
        if plan is None:
            raise forms.ValidationError(
                "Rencana aksi ini tidak ada dalam target Anda yang disetujui: pilih dari daftar "
                "atau kosongkan."
            )
        return plan

    def clean(self):
        data = super().clean()
        start, end = data.get("started_at"), data.get("ended_at")
        if start and end and end < start:
            self.add_error("ended_at", "Jam selesai harus sesudah jam mulai.")
        if "rencana_aksi" in data:
            data["action_plan"] = data.pop("rencana_aksi")
        return data


class BaseOutputItemFormSet(forms.BaseFormSet):
    """Rows of outputs: any row may be left blank (a revision clears a row to drop the item)."""

    plans: dict = {}

    def get_form_kwargs(self, index):
        return {"empty_permitted": True, "use_required_attribute": False, "plans": self.plans}

    def clean(self):
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError("Isi sedikitnya satu keluaran: uraian, jumlah dan satuan.")
        if len(self.items()) > MAX_ITEMS:
            raise forms.ValidationError(f"Paling banyak {MAX_ITEMS} keluaran dalam satu laporan.")

    def stripped_note(self) -> str:
        """What the rows' forms removed (common.text), said once for the report."""
        return next((note for form in self.forms if (note := form.stripped_note())), "")

    def items(self) -> list[dict]:
        """The filled rows, in order; blank rows are left out."""
        return [f.cleaned_data for f in self.forms if f.cleaned_data]


def output_item_formset(rows: int, *, plans: dict | None = None):
    """A formset of `rows` rows (blank ones are ignored); `?baris=` adds rows without JS.
    `plans` maps the labels of the employee's approved action plans to them (the picklist)."""
    formset = forms.formset_factory(
        OutputItemForm,
        formset=BaseOutputItemFormSet,
        extra=rows,
        max_num=MAX_ITEMS,
        absolute_max=MAX_ITEMS,
    )
    formset.plans = plans or {}
    return formset


class ReturnForm(VisibleTextForm, forms.Form):
    strip_invisible = ("comment",)

    comment = forms.CharField(
        label="Catatan untuk pegawai",
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Tulis catatan untuk pegawai: apa yang perlu diperbaiki."},
    )


class ReviewFilterForm(forms.Form):
    """The review queue's filters, all optional; a filter that does not validate (another OPD's
    unit, a malformed date) drops only itself, as the staff list's filters do."""

    STATUSES = [
        ("", "Menunggu pemeriksaan"),
        ("returned", "Dikembalikan"),
        ("accepted", "Diterima"),
        ("semua", "Semua status"),
    ]
    EVIDENCE = [
        ("", "Semua"),
        ("bukti", "Ada tautan bukti"),
        ("tanpa-bukti", "Tanpa tautan bukti"),
        ("tanpa-keluaran", "Tanpa keluaran"),
    ]
    SORTS = [
        ("", "Terlama dikirim"),
        ("baru", "Terbaru dikirim"),
        ("hari", "Hari kerja"),
        ("nama", "Nama pegawai"),
        ("unit", "Unit"),
    ]
    PER_PAGE = [("", "25"), ("50", "50"), ("100", "100")]

    q = forms.CharField(label="Nama atau NIP", required=False, max_length=100)
    opd = forms.ChoiceField(label="OPD", required=False)
    unit = forms.ChoiceField(label="Unit", required=False)
    hari = forms.DateField(
        label="Hari kerja", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    mode = forms.ChoiceField(label="Mode", choices=[("", "Semua")] + Mode.choices, required=False)
    status = forms.ChoiceField(label="Status", choices=STATUSES, required=False)
    bukti = forms.ChoiceField(label="Keluaran dan bukti", choices=EVIDENCE, required=False)
    urut = forms.ChoiceField(label="Urutkan", choices=SORTS, required=False)
    per = forms.ChoiceField(label="Per halaman", choices=PER_PAGE, required=False)

    def __init__(self, *args, opds, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [("", "Semua OPD")] + [(o.code, o.name) for o in opds]
        self.fields["unit"].choices = [("", "Semua unit")] + [(u.code, u.name) for u in units]
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"
        self.fields["q"].widget.attrs.update(type="search", placeholder="mis. Siti atau 1985…")

    def filters(self) -> dict:
        """The valid filters (empty strings for the rest)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in self.fields}


LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
MAX_LINKS = 2


class FeedbackForm(VisibleTextForm, forms.Form):
    """A citizen's rating. `website` is a honeypot: hidden from people, filled by bots."""

    strip_invisible = ("comment",)  # a phone's emoji may carry a joiner

    rating = forms.TypedChoiceField(
        label="Nilai layanan",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Pilih nilai 1 sampai 5."},
    )
    comment = forms.CharField(
        label="Komentar (opsional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact = forms.CharField(
        label="Kontak (opsional)",
        required=False,
        max_length=200,
    )
    website = forms.CharField(label="Situs web", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].help_text = (
            "Nomor telepon atau surel bila Anda ingin dihubungi. Hanya dilihat kepala OPD "
            "penyelenggara layanan ini dan BKPSDM, dan dihapus otomatis setelah "
            f"{settings.WFA_RETAIN_CONTACTS_DAYS} hari."
        )

    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if len(LINK.findall(comment)) > MAX_LINKS:
            raise forms.ValidationError(
                f"Komentar memuat terlalu banyak tautan (paling banyak {MAX_LINKS})."
            )
        return comment

    def clean_contact(self):
        return self.cleaned_data["contact"].strip()
