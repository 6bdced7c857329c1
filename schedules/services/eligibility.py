"""Writes of restrictions (eligibility.models): record one, end one. Each one transaction.

A restriction makes its person WFO only on its days, so a write that adds days (or takes them
away) runs inside opd.guards.staff_change, like a staff change or an absence: the plans of the
person's OPD in windows with a day from the restriction's start on are locked first (the order
every guard takes), the restriction written, and a submitted or approved plan that now holds a
remote day of theirs inside it goes to "Perlu ditinjau" with the cause (schedules/eligible.py).

A new appointment, transfer or promotion recorded without an end date ends when the policy in
force on its start date says (FlexPolicy.new_staff_months): data, not code.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from common.dates import tanggal
from eligibility.models import PERIOD_KINDS, Restriction, clash_message
from opd import guards
from opd.access import allowed
from schedules.eligible import period_end, policy_in_force


def _refuse_unless_bkpsdm(by) -> None:
    if by is not None and not allowed(by, "eligibility.record"):
        raise PermissionDenied("Hanya BKPSDM yang dapat mencatat atau mengakhiri pembatasan.")


def _saved(restriction: Restriction) -> Restriction:
    """Validate and save; an overlap of one kind is refused naming the restriction it overlaps,
    by `clean` everywhere and on PostgreSQL also by the exclusion constraint (two writes racing)."""
    restriction.full_clean()
    try:
        with transaction.atomic():
            restriction.save()
    except IntegrityError:
        other = restriction.clash()
        if other is None:
            raise
        raise ValidationError(clash_message(other), code="overlap") from None
    return restriction


def _guarded(restriction: Restriction, *, by, cause: str, since: date) -> list:
    opd_id = restriction.employee.unit.opd_id
    with guards.staff_change(opd_ids=[opd_id], by=by, cause=cause, since=since) as sent:
        _saved(restriction)
    return sent


def policy_end(kind: str, start: date) -> date | None:
    """The end date the policy in force on `start` gives a new appointment, transfer or
    promotion; refused (with what to do) when no policy sets a period."""
    if kind not in PERIOD_KINDS:
        return None
    policy = policy_in_force(start)
    if policy is None:
        raise ValidationError(
            {"end_date": "Belum ada kebijakan yang berlaku pada tanggal itu: isi tanggal berakhir."}
        )
    if not policy.new_staff_months:
        raise ValidationError(
            {
                "end_date": f"Kebijakan {policy.name} tidak membatasi pegawai baru, mutasi atau "
                "promosi (0 bulan): isi tanggal berakhir bila tetap ingin membatasi."
            }
        )
    return period_end(start, policy.new_staff_months)


@transaction.atomic
def restriction_record(
    *,
    employee,
    kind: str,
    start_date: date,
    end_date: date | None = None,
    reason: str = "",
    basis: str = "",
    by,
) -> tuple[Restriction, list]:
    """BKPSDM records that `employee` may work on site only from `start_date` to `end_date`
    (both included; None: for a sanction, until ended; for an appointment, a transfer or a
    promotion, the policy's period). Returns it and the plans sent back for review."""
    _refuse_unless_bkpsdm(by)
    if end_date is None and start_date is not None:
        end_date = policy_end(kind, start_date)
    restriction = Restriction(
        employee=employee,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        reason=" ".join((reason or "").split()),
        basis=" ".join((basis or "").split()),
        recorded_by=by,
    )
    restriction.full_clean()
    cause = (
        f"Pembatasan kerja fleksibel {employee.name} ({restriction.get_kind_display().lower()}, "
        f"{restriction.dates_text}) dicatat"
    )
    sent = _guarded(restriction, by=by, cause=cause, since=start_date)
    return restriction, sent


@transaction.atomic
def restriction_end(*, restriction: Restriction, last_day: date, by) -> tuple[Restriction, list]:
    """End a restriction on `last_day` (its last WFO-only day; the person is eligible again from
    the next day). It may also lengthen it: a promised plan it then breaks goes to review."""
    _refuse_unless_bkpsdm(by)
    restriction = (
        Restriction.objects.select_for_update(of=("self",))
        .select_related("employee__unit")
        .get(pk=restriction.pk)
    )
    if last_day is None:
        raise ValidationError({"end_date": "Isi hari terakhir pembatasan."})
    if last_day < restriction.start_date:
        raise ValidationError(
            {
                "end_date": "Hari terakhir tidak boleh sebelum tanggal mulai "
                f"({tanggal(restriction.start_date)})."
            }
        )
    before = restriction.end_date
    restriction.end_date = last_day
    restriction._change_reason = "Diakhiri"
    cause = (
        f"Pembatasan kerja fleksibel {restriction.employee.name} "
        f"({restriction.get_kind_display().lower()}) diakhiri {tanggal(last_day)}"
    )
    # Only the days it gains can break a plan; a shortened one frees days and breaks none.
    since = (before + timedelta(days=1)) if before and before < last_day else last_day
    sent = _guarded(restriction, by=by, cause=cause, since=since)
    return restriction, sent
