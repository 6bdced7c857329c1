"""Everything the portal holds about one employee, as one file (the right of access, UU 27/2022).

Built from the models' own fields, so a field added later (an email address, say) is included
without touching this module. Raw check-in coordinates are shown to nobody in the portal, but they
are the employee's own data: while kept (see retention.py) they are in this file.
"""

from datetime import datetime

from django.db.models import Model
from django.utils import timezone

from absences.models import Absence
from attendance.models import CheckIn, DailyReport
from common import region
from devicelogs.models import DeviceUser, Explanation, Punch
from eligibility.models import Restriction
from opd.models import Delegation, Employee, User
from readlog.models import ReadSubject
from schedules.models import Assignment, Preference, WorkPattern
from targets.models import WorkTarget

# Never in the file: secrets of the account, and the internal bookkeeping of history rows.
LEFT_OUT = {"password", "history_change_reason", "version"}


def personal_data_export(*, employee: Employee) -> dict:
    """A JSON-ready dict with Indonesian section names; one query per section."""
    accounts = list(User.objects.filter(employee=employee))
    return {
        "keterangan": (
            f"Seluruh data pribadi Anda yang disimpan Portal WFA Pemerintah {region.city_name()}, "
            "sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi. Data yang telah "
            "melewati masa simpan sudah dihapus atau dikurangi dan tidak tercantum."
        ),
        "dibuat_pada": timezone.localtime(),
        "profil": _fields(
            Employee.objects.select_related("unit__opd").get(pk=employee.pk),
            extra=lambda e: {"unit": e.unit.name, "opd": e.unit.opd.name},
        ),
        "akun": [_fields(account, extra=_account_names) for account in accounts],
        "jadwal": _rows(
            Assignment.objects.filter(employee=employee).select_related(
                "day__window", "changed_by"
            ),
            extra=_day,
        ),
        "preferensi": _rows(
            Preference.objects.filter(employee=employee).select_related("day__window"), extra=_day
        ),
        "pola_berulang": _rows(WorkPattern.objects.filter(employee=employee)),
        "presensi": _rows(
            CheckIn.objects.filter(employee=employee).select_related("day__window"), extra=_day
        ),
        "laporan_kerja_harian": _daily_reports(employee),
        "target_kerja": [
            _fields(target)
            | {"rencana_aksi": [_fields(plan, within="target") for plan in target.plans.all()]}
            for target in WorkTarget.objects.filter(employee=employee)
            .select_related("decided_by")
            .prefetch_related("plans")
        ],
        "riwayat_jadwal": _rows(
            Assignment.history.filter(employee_id=employee.pk).select_related("history_user")
        ),
        "riwayat_laporan": _rows(
            DailyReport.history.filter(employee_id=employee.pk).select_related("history_user")
        ),
        "riwayat_akun": _rows(
            User.history.filter(id__in=[a.pk for a in accounts]).select_related("history_user")
        ),
        # Leave (sick leave included: health data), official travel, training, with who decided
        # and in what capacity.
        "ketidakhadiran": _rows(
            Absence.objects.filter(employee=employee).select_related("requested_by", "decided_by")
        ),
        "riwayat_ketidakhadiran": _rows(
            Absence.history.filter(employee_id=employee.pk).select_related("history_user")
        ),
        "pembatasan_kerja_fleksibel": _rows(
            Restriction.objects.filter(employee=employee).select_related("recorded_by")
        ),
        "riwayat_pembatasan_kerja_fleksibel": _rows(
            Restriction.history.filter(employee_id=employee.pk).select_related("history_user")
        ),
        "nomor_pengguna_mesin_presensi": _rows(
            DeviceUser.objects.filter(employee=employee).select_related("device")
        ),
        "rekaman_mesin_presensi": _rows(
            Punch.objects.filter(employee=employee).select_related("device").order_by("at")
        ),
        "penjelasan_rekonsiliasi": _rows(
            Explanation.objects.filter(employee=employee).select_related("by").order_by("date")
        ),
        "penunjukan_plh_plt": _rows(
            Delegation.objects.filter(account__employee=employee).select_related(
                "account", "opd", "unit", "named_by", "ended_by"
            ),
            extra=lambda d: {"selaku": d.capacity},
        ),
        "dilihat_oleh": _reads_of(employee),
    }


def _daily_reports(employee: Employee) -> list[dict]:
    """Each daily report with its outputs (two queries: the reports, then their items)."""
    return [
        _fields(report, extra=_day)
        | {"keluaran": [_fields(item, within="report") for item in report.items.all()]}
        for report in DailyReport.objects.filter(employee=employee)
        .select_related("day__window", "reviewed_by")
        .prefetch_related("items")
    ]


def _reads_of(employee: Employee) -> list[dict]:
    """Who viewed the employee's personal data, when and what (the read log), newest first."""
    return [
        {
            "waktu": timezone.localtime(row.event.at),
            "akun": row.event.viewer_username,
            "nama": row.event.viewer.get_full_name() if row.event.viewer else "",
            "peran": row.event.get_viewer_role_display(),
            "data": row.event.get_kind_display(),
            "keterangan": row.event.detail,
        }
        for row in ReadSubject.objects.filter(employee=employee)
        .select_related("event__viewer")
        .order_by("-event_id")
    ]


def _rows(queryset, extra=None) -> list[dict]:
    return [_fields(obj, extra=extra) for obj in queryset]


def _fields(obj: Model, extra=None, within: str = "") -> dict:
    """Every stored column of `obj` by its Indonesian label; a related row by its text.

    `within`: the link to the row `obj` is listed under, left out: it says nothing new, and
    naming the parent (a report's text names its employee) would cost a query per row."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in LEFT_OUT or field.primary_key or field.name == within:
            continue
        if field.is_relation:
            related = getattr(obj, field.name, None) if _loaded(obj, field) else None
            value = str(related) if related is not None else getattr(obj, field.attname)
        elif field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        else:
            value = getattr(obj, field.attname)
        if isinstance(value, datetime):
            value = timezone.localtime(value)
        data[str(field.verbose_name)] = value
    return data | (extra(obj) if extra else {})


def _loaded(obj, field) -> bool:
    """Only relations fetched with select_related are turned into text (no query per row)."""
    return field.is_cached(obj)


def _day(obj) -> dict:
    return {"periode": obj.day.window.name, "tanggal": obj.day.date}


def _account_names(account) -> dict:
    return {"peran": account.get_role_display()}
