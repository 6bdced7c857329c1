"""Writes of the opd app: plain keyword-only functions, each one transaction.

Views and management commands call these; they never repeat them.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opd.access import allowed
from opd.models import Employee
from opd.staff_import import ImportPlan

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


@dataclass(frozen=True)
class StaffImportResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def staff_import_apply(*, plan: ImportPlan, by) -> StaffImportResult:
    """Apply a staff import, all or nothing; refused while any row of the file is refused.

    `by` is the signed-in user (None from the command line). Existing employees keep their
    ineligibility (sanction, new employee): the workbook has no such column. A NIP created by
    someone else since the dry run makes the whole import fail, leaving everything as it was.
    """
    if by is not None and not allowed(by, "opd.manage_city"):
        raise PermissionDenied("Hanya BKPSDM yang dapat mengimpor data pegawai.")
    if plan.refused:
        raise ValidationError(
            f"Impor tidak dijalankan: {plan.refused_rows} baris ditolak. Perbaiki semua baris "
            "yang ditolak lalu unggah lagi; tidak ada data yang diubah.",
            code="rows_refused",
        )
    try:
        with transaction.atomic():
            Employee.objects.bulk_create(plan.create, batch_size=BATCH_SIZE)
            changed = [update.employee for update in plan.update]
            fields = sorted({name for update in plan.update for name in update.fields})
            if changed:
                # Only columns some row changes: a column no row changes keeps concurrent edits.
                Employee.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)
    except IntegrityError:
        raise ValidationError(
            "Data pegawai berubah selama impor berjalan (NIP yang sama baru saja ditambahkan). "
            "Tidak ada data yang diubah; unggah berkas lagi untuk memeriksa ulang.",
            code="conflict",
        ) from None
    result = StaffImportResult(
        created=len(plan.create), updated=len(plan.update), unchanged=plan.unchanged
    )
    logger.info(
        "Staff import by %s: %d created, %d updated, %d unchanged",
        getattr(by, "username", "command line"),
        result.created,
        result.updated,
        result.unchanged,
    )
    return result
