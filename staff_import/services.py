"""The staff import's writes: what confirming would send back for review, and applying it.

Staff facts are never refused (a nurse did resign): the plans an import leaves short are locked,
re-checked and sent to "Perlu ditinjau" inside the same transaction (opd.guards.staff_change).
"""

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opd import guards
from opd.access import allowed
from opd.models import Employee, Unit
from staff_import.models import UnitMapping, name_key
from staff_import.plan import ImportPlan
from staff_import.rows import StaffUpdate

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
LOOKUP_CHUNK = 900  # SQLite's safe number of parameters per query
# What coverage counts: who is active, in which unit, in which position. New staff only add people
# on site (no assignment means WFO), so they can never leave a plan short.
COVERAGE_FIELDS = {
    "is_active": "nonaktif/aktif",
    "unit_id": "pindah unit",
    "position_name": "jabatan",
}


@dataclass(frozen=True)
class StaffImportResult:
    created: int
    updated: int
    unchanged: int
    sent_back: list = field(default_factory=list)  # plans sent back for review, printable
    left: int = 0  # of `updated`: deactivated as "keluar/pindah" (a SIASN file)

    def message(self) -> str:
        text = (
            f"Impor selesai: {self.created} pegawai ditambahkan, {self.updated} diperbarui, "
            f"{self.unchanged} tidak berubah."
        )
        if self.left:
            text += f" {self.left} pegawai dinonaktifkan (keluar/pindah)."
        if self.sent_back:
            text += " " + guards.describe(self.sent_back, future=False)
        return text


def _coverage_updates(plan: ImportPlan) -> list[StaffUpdate]:
    return [u for u in plan.update if COVERAGE_FIELDS.keys() & set(u.fields)]


def _touched_opds(updates: list[StaffUpdate], *, lock: bool) -> set[int]:
    """The OPDs whose plans these updates can change: where the staff are now and will be.

    With `lock`, the employees' rows are locked (in id order) while their current unit is read,
    so nobody moves one of them to another OPD before the plans are locked: staff rows first,
    then plans, on every staff path.
    """
    unit_ids = {u.employee.unit_id for u in updates}
    ids = sorted(u.employee.pk for u in updates)
    rows = Employee.objects.order_by("pk")
    if lock:
        rows = rows.select_for_update()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        unit_ids.update(
            rows.filter(pk__in=ids[start : start + LOOKUP_CHUNK]).values_list("unit_id", flat=True)
        )
    return set(Unit.objects.filter(pk__in=unit_ids).values_list("opd_id", flat=True))


def _cause(updates: list[StaffUpdate]) -> str:
    counts = Counter(
        label for u in updates for f, label in COVERAGE_FIELDS.items() if f in u.fields
    )
    parts = ", ".join(f"{n} {label}" for label, n in counts.items())
    return f"Impor data pegawai mengubah {len(updates)} pegawai ({parts})"


def _write(creates: list[Employee], updates: list[StaffUpdate]) -> None:
    Employee.objects.bulk_create(creates, batch_size=BATCH_SIZE)
    changed = [update.employee for update in updates]
    fields = sorted({name for update in updates for name in update.fields})
    if changed:
        # Only columns some row changes: a column no row changes keeps concurrent edits.
        Employee.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)


def _keep_name_matches(plan: ImportPlan) -> None:
    """A SIASN unor matched to the portal unit of the same name becomes a mapping row, so BKPSDM
    sees it in the mapping table and a later rename of either side keeps the match."""
    if not plan.matched_by_name:
        return
    rows = [
        UnitMapping(siasn_id=unor_id, siasn_name=name, name_key=name_key(name), unit_id=unit_id)
        for unor_id, name, unit_id in plan.matched_by_name.values()
    ]
    taken = set(UnitMapping.objects.values_list("name_key", flat=True))
    taken_ids = set(UnitMapping.objects.exclude(siasn_id="").values_list("siasn_id", flat=True))
    rows = [r for r in rows if r.name_key not in taken and r.siasn_id not in taken_ids]
    UnitMapping.objects.bulk_create(list({r.name_key: r for r in rows}.values()))


def staff_import_preview(*, plan: ImportPlan) -> list:
    """Which submitted or approved plans confirming this import would send back for review.

    The updates that coverage depends on are applied in a savepoint, judged, and rolled back.
    """
    updates = _coverage_updates(plan)
    if not updates or plan.blocked:
        return []
    return guards.staff_change_preview(
        opd_ids=_touched_opds(updates, lock=False), apply=lambda: _write([], updates)
    )


@transaction.atomic
def staff_import_apply(*, plan: ImportPlan, by) -> StaffImportResult:
    """Apply a staff import, all or nothing; refused while any row of the file is refused.

    `by` is the signed-in user (None from the command line). Restrictions (a sanction, a new
    appointment: eligibility.models) are records of their own; no import touches them. A NIP
    created by someone else since the dry run makes the whole import fail, leaving everything as
    it was.
    The plans of the OPDs whose staff change are locked first and re-checked after: one the import
    leaves short goes to "Perlu ditinjau" (HR facts are not refused: a nurse did resign).
    """
    if by is not None and not allowed(by, "opd.manage_city"):
        raise PermissionDenied("Hanya BKPSDM yang dapat mengimpor data pegawai.")
    if plan.refused:
        raise ValidationError(
            f"Impor tidak dijalankan: {plan.refused_rows} baris ditolak. Perbaiki semua baris "
            "yang ditolak lalu unggah lagi; tidak ada data yang diubah.",
            code="rows_refused",
        )
    if plan.waiting:
        names = ", ".join(u.unor_name or u.unor_id for u in plan.waiting[:5])
        raise ValidationError(
            f"Impor tidak dijalankan: {len(plan.waiting)} unit organisasi SIASN belum dipetakan "
            f"ke unit portal ({names}). Petakan atau lewati barisnya lalu konfirmasi lagi; "
            "tidak ada data yang diubah.",
            code="unmapped",
        )
    guarded = _coverage_updates(plan)
    opd_ids = _touched_opds(guarded, lock=True)
    try:
        with (
            transaction.atomic(),
            guards.staff_change(opd_ids=opd_ids, by=by, cause=_cause(guarded)) as sent,
        ):
            _write(plan.create, plan.update)
            _keep_name_matches(plan)
    except IntegrityError:
        raise ValidationError(
            "Data pegawai berubah selama impor berjalan (NIP yang sama baru saja ditambahkan). "
            "Tidak ada data yang diubah; unggah berkas lagi untuk memeriksa ulang.",
            code="conflict",
        ) from None
    result = StaffImportResult(
        created=len(plan.create),
        updated=len(plan.update),
        unchanged=plan.unchanged,
        sent_back=sent,
        left=len(plan.leaving),
    )
    logger.info(
        "Staff import by %s: %d created, %d updated, %d unchanged, %d plans sent back",
        getattr(by, "username", "command line"),
        result.created,
        result.updated,
        result.unchanged,
        len(sent),
    )
    return result
