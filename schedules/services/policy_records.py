"""Writes of policies and cap exceptions: BKPSDM sets policies, heads and BKPSDM grant exceptions.

A window's allowed modes follow its policy: they are copied onto the window when the policy is
chosen or changed, so every reader keeps asking `window.allowed_modes()` without a join.

A change that can lower someone's cap (a policy's cap or location flexibility, the policy a window
follows, a withdrawn exception) is a side path of the approval promise like a change of staff or
rules: it locks the plans of every window sharing a calendar week with the windows it touches
(the cap counts a week across windows), writes, and sends a submitted or approved plan left over
the cap (or short) to "Perlu ditinjau" with the cause (schedules/services/guard.py).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from opd.access import allowed
from opd.models import Employee
from schedules.models import CapException, FlexPolicy, FlexWindow
from schedules.models.policies import CAP_MAX
from schedules.services import guard
from schedules.services.guard import SentBack


def _check_policy(policy: FlexPolicy) -> None:
    errors = {}
    if not (policy.legal_basis or "").strip():
        errors["legal_basis"] = (
            "Dasar hukum wajib diisi (mis. PermenPANRB No. 4 Tahun 2025 atau SE MenPANRB "
            "No. 2 Tahun 2026): setiap angka kebijakan harus punya dasar hukum."
        )
    cap = policy.weekly_cap
    if cap is None or not 0 <= cap <= CAP_MAX:
        errors["weekly_cap"] = f"Batas hari WFH/WFA per minggu harus antara 0 dan {CAP_MAX}."
    if policy.location_flex and not (policy.allows_wfh or policy.allows_wfa):
        errors["allows_wfh"] = "Fleksibilitas lokasi memerlukan sedikitnya satu mode: WFH atau WFA."
    if errors:
        raise ValidationError(errors)


def _adopt(window: FlexWindow, policy: FlexPolicy | None) -> None:
    window.policy = policy
    if policy is not None:
        modes = policy.remote_modes()
        window.allows_wfh, window.allows_wfa = "WFH" in modes, "WFA" in modes
    window.save(update_fields=["policy", "allows_wfh", "allows_wfa"])


def _lock_plans_near(window_ids) -> list:
    """The plan rows of these windows and of every window sharing a week with them, locked."""
    return guard.plans_lock(opd_ids=None, window_ids=guard.windows_sharing_weeks(window_ids))


@transaction.atomic
def policy_save(*, policy: FlexPolicy, by) -> tuple[FlexPolicy, list[SentBack]]:
    """Create or change a policy; the windows that follow it take its modes at once. Returns the
    policy and the promised plans the change sent back for review."""
    if not allowed(by, "schedules.manage_policies"):
        raise PermissionDenied("Hanya BKPSDM yang dapat mengatur kebijakan kerja fleksibel.")
    policy.name = " ".join((policy.name or "").split())
    policy.legal_basis = " ".join((policy.legal_basis or "").split())
    _check_policy(policy)
    windows = list(policy.windows.all()) if policy.pk else []
    plans = _lock_plans_near([w.pk for w in windows]) if windows else []
    policy._history_user = by
    policy.save()
    for window in windows:
        _adopt(window, policy)
    sent = []
    if plans:
        cap = f"batas {policy.weekly_cap} hari WFH/WFA per minggu"
        cause = f"Kebijakan '{policy.name}' diubah ({cap})"
        sent = guard.plans_recheck(plans=plans, by=by, cause=cause)
    return policy, sent


@transaction.atomic
def window_policy_set(*, window: FlexWindow, policy: FlexPolicy | None, by) -> list[SentBack]:
    """BKPSDM picks the policy a window follows (None: no cap, the window's own modes). Returns
    the promised plans the change sent back for review."""
    if not allowed(by, "schedules.manage_policies"):
        raise PermissionDenied("Hanya BKPSDM yang dapat memilih kebijakan sebuah periode.")
    plans = _lock_plans_near([window.pk])
    _adopt(window, policy)
    name = policy.name if policy else "tanpa kebijakan"
    return guard.plans_recheck(plans=plans, by=by, cause=f"Kebijakan periode diganti: {name}")


@transaction.atomic
def cap_exception_grant(
    *, employee: Employee, reason: str, days_per_week: int, starts_on: date, ends_on: date, by
) -> CapException:
    """The head of the employee's OPD (or BKPSDM) lets them exceed the weekly cap for a period."""
    if not allowed(by, "schedules.grant_cap_exception", employee.unit.opd):
        raise PermissionDenied(
            "Pengecualian hanya dapat diberikan oleh Kepala OPD pegawai ini atau BKPSDM."
        )
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "Tuliskan alasannya: tugas khusus atau kondisi pribadi pegawai."
    if days_per_week is None or not 1 <= days_per_week <= CAP_MAX:
        errors["days_per_week"] = f"Hari WFH/WFA per minggu harus antara 1 dan {CAP_MAX}."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "Tanggal akhir tidak boleh sebelum tanggal mulai."
    if errors:
        raise ValidationError(errors)
    exception = CapException(
        employee=employee,
        reason=reason,
        days_per_week=days_per_week,
        starts_on=starts_on,
        ends_on=ends_on,
        granted_by=by,
    )
    exception._history_user = by
    exception.save()
    return exception


@transaction.atomic
def cap_exception_revoke(*, exception: CapException, by) -> list[SentBack]:
    """Withdraw an exception; its history keeps who granted and who withdrew it. A promised plan
    of the employee's OPD that the withdrawal leaves over the cap goes to review. Returns those."""
    opd = exception.employee.unit.opd
    if not allowed(by, "schedules.grant_cap_exception", opd):
        raise PermissionDenied(
            "Pengecualian hanya dapat dicabut oleh Kepala OPD pegawai ini atau BKPSDM."
        )
    span = (exception.starts_on, exception.ends_on)
    window_ids = set(FlexWindow.objects.filter(days__date__range=span).values_list("pk", flat=True))
    plans = guard.plans_lock(opd_ids=[opd.pk], window_ids=window_ids) if window_ids else []
    exception._history_user = by
    exception.delete()
    cause = (
        f"Pengecualian batas mingguan {exception.employee.name} ({exception.employee.nip}) dicabut"
    )
    return guard.plans_recheck(plans=plans, by=by, cause=cause) if plans else []
