"""Employees' preferences for a window day: set in "Jadwal saya", read by the auto-planner."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.dates import tanggal
from eligibility.models import running_for
from opd.models import Employee
from schedules.cap import preference_within_cap
from schedules.models import Mode, Preference, WindowDay


def _refuse_passed(day: WindowDay) -> None:
    """A wish is for planning ahead: a passed day keeps the wishes it had, as the record of it."""
    if day.date < timezone.localdate():
        raise ValidationError(
            f"Hari itu sudah lewat ({tanggal(day.date, weekday=True)}); preferensi hanya untuk "
            "hari yang akan datang."
        )


@transaction.atomic
def preference_set(
    *, employee: Employee, day: WindowDay, mode: str, wfa_place: str = "", note: str = ""
) -> Preference:
    """Record (or replace) the employee's wish for the day; refused if it could never be granted."""
    window = day.window
    when = tanggal(day.date, weekday=True)
    _refuse_passed(day)
    if not employee.is_active:
        raise ValidationError("Data pegawai Anda tidak aktif. Hubungi BKPSDM.")
    if restriction := running_for(employee, day.date):
        raise ValidationError(
            f"Anda hanya boleh WFO pada {when} ({restriction.label}; PermenPANRB No. 4/2025), "
            "sehingga preferensi untuk hari itu tidak dapat dicatat."
        )
    if mode not in (Mode.WFH, Mode.WFA):
        raise ValidationError("Pilih preferensi WFH atau WFA.")
    if mode not in window.allowed_modes():
        allowed = ", ".join(m for m in window.allowed_modes() if m != Mode.WFO) or "tidak ada"
        raise ValidationError(
            f"{mode} tidak diizinkan pada {window.name} ({when}); mode jarak jauh yang "
            f"diizinkan: {allowed}."
        )
    place = wfa_place.strip() if mode == Mode.WFA else ""
    if mode == Mode.WFA and not place:
        raise ValidationError(
            "Tuliskan tempat WFA (mis. 'Lubuklinggau, rumah orang tua') agar kepala OPD tahu "
            "di mana Anda bekerja."
        )
    note = note.strip()
    if len(place) > 200:
        raise ValidationError("Tempat WFA paling panjang 200 karakter.")
    if len(note) > 300:
        raise ValidationError("Alasan paling panjang 300 karakter.")
    preference_within_cap(employee=employee, day=day)
    preference, _ = Preference.objects.update_or_create(
        employee=employee, day=day, defaults={"mode": mode, "wfa_place": place, "note": note}
    )
    return preference


@transaction.atomic
def preference_clear(*, employee: Employee, day: WindowDay) -> bool:
    """Withdraw the wish for the day; False when there was none."""
    _refuse_passed(day)
    deleted, _ = Preference.objects.filter(employee=employee, day=day).delete()
    return bool(deleted)
