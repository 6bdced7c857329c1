"""Who: agencies (OPD), their units, their staff, and the accounts that use the portal."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from common.text import VisibleText, VisibleTextModel
from opd.nip import parse_nip, validate_nip_digits


class OpdKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", "Sekretariat"
    INSPEKTORAT = "inspektorat", "Inspektorat"
    BADAN = "badan", "Badan"
    DINAS = "dinas", "Dinas"
    RSUD = "rsud", "Rumah Sakit Umum Daerah"
    KECAMATAN = "kecamatan", "Kecamatan"
    SATPOL = "satpol", "Satuan Polisi Pamong Praja"
    LAINNYA = "lainnya", "Lainnya"


class ServiceCategory(models.TextChoices):
    """Essential services that must keep staff on site (SE MenPANRB 2/2025)."""

    NONE = "none", "Bukan layanan esensial"
    HEALTH = "health", "Kesehatan"
    TRANSPORT = "transport", "Transportasi"
    SECURITY_FIRE = "security_fire", "Keamanan dan pemadam kebakaran"
    SOCIAL_REGISTRY = "social_registry", "Sosial dan kependudukan"
    ONE_STOP = "one_stop", "Pelayanan terpadu satu pintu"
    FRONT_DESK = "front_desk", "Layanan garis depan (kecamatan/kelurahan)"
    VULNERABLE = "vulnerable", "Layanan kelompok rentan"


class UnitKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", "Sekretariat / tata usaha"
    BIDANG = "bidang", "Bidang / bagian"
    UPTD = "uptd", "UPTD"
    PUSKESMAS = "puskesmas", "Puskesmas"
    INSTALASI = "instalasi", "Instalasi rumah sakit"
    POS_DAMKAR = "pos_damkar", "Pos pemadam kebakaran"
    KANTOR_KECAMATAN = "kantor_kecamatan", "Kantor kecamatan"
    KELURAHAN = "kelurahan", "Kelurahan"
    LOKET = "loket", "Loket layanan"


class AsnType(models.TextChoices):
    PNS = "PNS", "PNS"
    PPPK = "PPPK", "PPPK"


class PositionType(models.TextChoices):
    JPT = "jpt", "Jabatan Pimpinan Tinggi"
    ADMINISTRATOR = "administrator", "Administrator"
    PENGAWAS = "pengawas", "Pengawas"
    PELAKSANA = "pelaksana", "Pelaksana"
    FUNGSIONAL = "fungsional", "Fungsional"


def state_on(unit_id, is_active, left_on, previous_unit_id, moved_on, day):
    """An employee's (unit id, active) on `day` from the row's columns: before `moved_on` in the
    previous unit, before `left_on` still at work (the coverage engine reads rows this way)."""
    if moved_on is not None and day < moved_on:
        unit_id = previous_unit_id
    active = is_active or (left_on is not None and day < left_on)
    return unit_id, active and unit_id is not None


PNS_GOLONGAN = [f"{g}/{s}" for g in ("I", "II", "III") for s in "abcd"] + [
    f"IV/{s}" for s in "abcde"
]
PPPK_GOLONGAN = [str(n) for n in range(1, 18)]


def latitude_field():
    """Degrees, six decimals (about 10 cm): a unit's office or a check-in's position."""
    return models.DecimalField(
        "lintang",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )


def longitude_field():
    return models.DecimalField(
        "bujur",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )


class Opd(VisibleTextModel, models.Model):
    code = models.SlugField(
        "kode", max_length=40, unique=True, help_text="Dipakai di alamat halaman, mis. dinkes."
    )
    name = models.CharField("nama", max_length=200, unique=True)
    short_name = models.CharField("nama singkat", max_length=60)
    kind = models.CharField("jenis", max_length=20, choices=OpdKind.choices)

    class Meta:
        verbose_name = "OPD"
        verbose_name_plural = "OPD"
        ordering = ["name"]
        constraints = [
            VisibleText(fields=["name", "short_name"], name="opd_text_visible"),
        ]

    def __str__(self):
        return self.short_name or self.name


class UnitQuerySet(models.QuerySet):
    def essential(self):
        return self.exclude(service_category=ServiceCategory.NONE)


class Unit(VisibleTextModel, models.Model):
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="units", verbose_name="OPD")
    code = models.SlugField("kode", max_length=60, unique=True)
    name = models.CharField("nama", max_length=200)
    kind = models.CharField("jenis unit", max_length=20, choices=UnitKind.choices)
    service_category = models.CharField(
        "kategori layanan esensial",
        max_length=20,
        choices=ServiceCategory.choices,
        default=ServiceCategory.NONE,
    )
    kecamatan = models.CharField(
        "kecamatan",
        max_length=100,
        blank=True,
        help_text="Tempat layanan ini berada; warga dapat mencarinya dengan nama kecamatan.",
    )
    latitude = latitude_field()
    longitude = longitude_field()
    radius_m = models.PositiveIntegerField(
        "radius presensi (meter)",
        default=100,
        validators=[MinValueValidator(10), MaxValueValidator(5000)],
        help_text="Check-in WFO di luar radius ini dari lokasi kantor ditandai.",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        ordering = ["opd__name", "name"]
        constraints = [
            VisibleText(fields=["name", "kecamatan"], name="unit_text_visible"),
            models.UniqueConstraint(fields=["opd", "name"], name="unit_name_unique_in_opd"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="unit_location_complete",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_essential(self) -> bool:
        """Essential units keep on-site coverage during a flexible-work window."""
        return self.service_category != ServiceCategory.NONE


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_opd(self, opd):
        return self.filter(unit__opd=opd)

    def dated_staff(self, *, since, unit_ids=None, opd=None):
        """Staff a plan may count on some day from `since` on: the active staff of the scope,
        and those who left it after `since` (resigned, or moved to another unit)."""
        staff = self.filter(Q(is_active=True) | Q(left_on__gt=since))
        in_scope, before = Q(), Q(moved_on__gt=since)
        if unit_ids is not None:
            in_scope &= Q(unit_id__in=unit_ids)
            before &= Q(previous_unit_id__in=unit_ids)
        if opd is not None:
            in_scope &= Q(unit__opd=opd)
            before &= Q(previous_unit__opd=opd)
        return staff.filter(in_scope | before) if in_scope else staff

    def active_staff(self, *, unit_ids=None, opd=None):
        """The employees a plan counts: active staff only, in the unit they belong to now;
        `unit_ids` and/or `opd` narrow it, None is the whole city."""
        staff = self.active()
        if unit_ids is not None:
            staff = staff.filter(unit_id__in=unit_ids)
        return staff if opd is None else staff.of_opd(opd)

    def search(self, text: str):
        """Staff whose name contains `text` or whose NIP starts with it (every staff search)."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(nip__startswith=text))


class Employee(VisibleTextModel, models.Model):
    nip = models.CharField(
        "NIP / NI PPPK",
        max_length=18,
        unique=True,
        validators=[validate_nip_digits],
        help_text="18 digit; format PNS atau PPPK sesuai jenis ASN.",
    )
    name = models.CharField("nama lengkap dengan gelar", max_length=200)
    asn_type = models.CharField("jenis ASN", max_length=4, choices=AsnType.choices)
    golongan = models.CharField(
        "golongan", max_length=6, help_text="PNS: I/a sampai IV/e; PPPK: 1 sampai 17."
    )
    position_type = models.CharField("jenis jabatan", max_length=20, choices=PositionType.choices)
    position_name = models.CharField("nama jabatan", max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="employees", verbose_name="unit kerja"
    )
    is_active = models.BooleanField("aktif", default=True)
    email = models.EmailField(
        "email",
        blank=True,
        help_text="Untuk notifikasi bila akun pegawai tidak punya email sendiri; dilihat BKPSDM "
        "dan Kepala OPD-nya.",
    )
    # A resignation or a move takes effect from a date: each day of a window counts the employee
    # as they were that day (schedules/coverage.py), and a window that ended before the change
    # is never re-checked. The row holds the state now; these keep the last change's date and,
    # for a move, the unit before it.
    left_on = models.DateField(
        "berhenti sejak",
        null=True,
        blank=True,
        help_text="Hari pertama pegawai tidak lagi bekerja (berhenti, pensiun, mutasi keluar); "
        "hari sebelumnya tetap dihitung.",
    )
    moved_on = models.DateField(
        "pindah unit sejak",
        null=True,
        blank=True,
        help_text="Hari pertama di unit yang sekarang; sebelumnya dihitung di unit sebelumnya.",
    )
    previous_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="unit sebelumnya",
    )
    # Who may not work flexibly, and until when, is not a column here: it is dated data,
    # eligibility.models.Restriction (reverse name `restrictions`), read per day.

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["name"]
        indexes = [models.Index(fields=["unit", "name"])]
        constraints = [
            VisibleText(fields=["name", "position_name"], name="employee_text_visible"),
            models.CheckConstraint(
                condition=Q(asn_type__in=["PNS", "PPPK"]), name="employee_asn_type_valid"
            ),
            # ASCII digits only: an Arabic-Indic or full-width NIP would twin a real one.
            models.CheckConstraint(
                condition=Q(nip__regex=r"^[0-9]{18}$"),
                name="employee_nip_ascii_digits",
                violation_error_message="NIP hanya boleh berisi 18 angka 0-9.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.nip})"

    def state_on(self, day) -> tuple[int | None, bool]:
        """(unit id, active) on `day`, as the last dated change left it (see left_on)."""
        return state_on(self.unit_id, self.is_active, self.left_on, self.previous_unit_id,
                        self.moved_on, day)  # fmt: skip

    def clean(self):
        errors = {}
        if self.nip and self.asn_type:
            try:
                parse_nip(self.nip, self.asn_type)
            except ValidationError as exc:
                errors["nip"] = exc.messages
        allowed = PPPK_GOLONGAN if self.asn_type == AsnType.PPPK else PNS_GOLONGAN
        if self.golongan and self.asn_type and self.golongan not in allowed:
            errors["golongan"] = [
                f"Golongan {self.golongan!r} tidak berlaku untuk {self.asn_type}; "
                f"pilihan: {allowed[0]} sampai {allowed[-1]}."
            ]
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    BKPSDM = "bkpsdm", "Admin BKPSDM"
    HEAD = "head", "Kepala OPD"
    MAYOR = "mayor", "Kantor Wali Kota"
    EMPLOYEE = "employee", "Pegawai"


class AccountHistory(HistoricalRecords):
    """History of an account's changes, not of its sign-ins.

    Signing in saves only last_login (update_fields=["last_login"]), an excluded field: such a
    save changes nothing the history keeps, so it adds no row.
    """

    def post_save(self, instance, created, using=None, **kwargs):
        saved = kwargs.get("update_fields")
        if saved and set(saved) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(VisibleTextModel, AbstractUser):
    """An account of the portal; its role decides what it may see (opd/access.py)."""

    role = models.CharField("peran", max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    opd = models.ForeignKey(
        Opd,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name="OPD",
        help_text="Wajib untuk Kepala OPD: OPD yang dipimpinnya.",
    )
    employee = models.OneToOneField(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
        verbose_name="pegawai",
        help_text="Data pegawai milik akun ini (untuk jadwal, presensi dan laporan).",
    )
    head_of_unit = models.OneToOneField(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="head_account",
        verbose_name="kepala unit",
        help_text="Opsional: akun kepala unit ini. Tahap unit evaluasi dikerjakan olehnya (atau "
        "Plh/Plt-nya); tanpa kepala unit, oleh Kepala OPD.",
    )
    acting_until = models.DateField(
        "bertindak sebagai Plh/Plt sampai",
        null=True,
        blank=True,
        editable=False,
        help_text="Hari terakhir penunjukan Plh/Plt terakhir akun ini (diisi oleh penunjukan).",
    )
    # Who changed whose role or OPD, and when (the admin and HistoryRequestMiddleware say who).
    history = AccountHistory(excluded_fields=["password", "last_login", "acting_until"])

    class Meta:
        verbose_name = "akun"
        verbose_name_plural = "akun"
        constraints = [
            VisibleText(fields=["first_name", "last_name"], name="user_text_visible"),
            models.CheckConstraint(
                condition=~Q(role="head") | Q(opd__isnull=False), name="head_has_opd"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["bkpsdm", "head", "mayor", "employee"]), name="role_valid"
            ),
        ]

    @property
    def display_name(self) -> str:
        """How the portal names a user in messages, notes and history: full name, else login."""
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.role == Role.HEAD and not self.opd_id:
            raise ValidationError({"opd": "Akun Kepala OPD wajib terhubung ke satu OPD."})


class ActingKind(models.TextChoices):
    """Plh stands in for a head who is away; Plt fills a vacant post."""

    PLH = "plh", "Plh."
    PLT = "plt", "Plt."


class DelegationQuerySet(models.QuerySet):
    def on(self, day):
        """Delegations in force on `day`: the range ends by itself, or earlier when ended."""
        return self.filter(starts_on__lte=day, ends_on__gte=day, ended_at__isnull=True)

    def overlapping(self, start, end):
        """Not ended early, sharing at least one day with [start, end]."""
        return self.filter(starts_on__lte=end, ends_on__gte=start, ended_at__isnull=True)

    def same_scope(self, *, opd, unit=None):
        """The OPD's head (no unit), or one unit's head."""
        return self.filter(opd=opd, unit=unit) if unit else self.filter(opd=opd, unit__isnull=True)


class Delegation(models.Model):
    """An acting official (Plh or Plt) of an OPD's head, or of a unit's head, for a date range.

    During the range the account may do what that head may do for that scope, nothing more (the
    predicates and scopes of opd/access.py read it); every decision records the capacity
    ("Plh. Kepala Dinas Kesehatan"). Named by BKPSDM, or by the OPD head for their own absence
    (absences/acting.py); ended early by setting `ended_at`, never deleted.
    """

    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="delegations", verbose_name="OPD"
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name="unit",
        help_text="Kosong: Plh/Plt Kepala OPD. Diisi: Plh/Plt kepala unit ini.",
    )
    account = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="delegations", verbose_name="akun Plh/Plt"
    )
    kind = models.CharField("jenis", max_length=3, choices=ActingKind.choices)
    starts_on = models.DateField("mulai")
    ends_on = models.DateField("sampai")
    basis = models.CharField(
        "dasar penunjukan", max_length=200, help_text="Nomor surat perintah atau alasannya."
    )
    named_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ditunjuk oleh",
    )
    created_at = models.DateTimeField("dicatat", auto_now_add=True)
    ended_at = models.DateTimeField("diakhiri lebih awal", null=True, blank=True)
    ended_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diakhiri oleh",
    )

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = "penunjukan Plh/Plt"
        verbose_name_plural = "penunjukan Plh/Plt"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="delegation_range_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=["plh", "plt"]), name="delegation_kind"),
        ]

    def __str__(self):
        return f"{self.account} — {self.capacity}"

    @property
    def capacity(self) -> str:
        """'Plh. Kepala Dinas Kesehatan' (or 'Plt. Kepala Puskesmas Makrayu'): how a decision
        made under it is signed."""
        return f"{self.get_kind_display()} Kepala {(self.unit or self.opd).name}"

    def phase(self, today) -> str:
        """'current', 'upcoming' or 'ended' on `today` (ended early counts as ended)."""
        if self.ended_at is not None or self.ends_on < today:
            return "ended"
        return "upcoming" if self.starts_on > today else "current"


class CalendarFeedQuerySet(models.QuerySet):
    def by_token(self, token: str):
        return self.filter(token_hash=CalendarFeed.digest(token))

    def open(self):
        """Feeds whose owner still works here and may sign in: the feed follows the person."""
        return self.filter(user__is_active=True, user__employee__is_active=True)


class CalendarFeed(models.Model):
    """A user's secret calendar address (ICS) for their own working modes.

    Calendar apps fetch it without a session, so whoever holds the token reads that employee's
    days: the token is random (secrets.token_urlsafe, 256 bits), shown to the employee once when
    made, and stored only as its SHA-256 (a leaked database or backup gives no working address; a
    256-bit random token needs no slow hash). Revoking deletes the row (the old address answers
    404); renewing replaces it. No history is kept. The address stops answering while the account
    is deactivated or the employee is no longer active.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name="akun"
    )
    token_hash = models.CharField(
        "sidik token (SHA-256)", max_length=64, unique=True, editable=False
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = "alamat kalender pribadi"
        verbose_name_plural = "alamat kalender pribadi"

    def __str__(self):
        return f"Kalender {self.user}"

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
