"""The staff import's confirmation as a background job: every row checked again, then applied.

The upload page (staff_import/views.py) claims the checked upload once and hands its bytes over as a
file in WFA_IMPORT_DIR; this runner reads it, validates every row again (the database may have
changed since the dry run), applies it all or nothing, and removes the file once applied. A failed
job keeps the file until the upload's time is up (WFA_IMPORT_TTL_SECONDS), so it can be retried.
"""

import re
from contextlib import suppress

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from common.xlsx_safety import read_limited
from jobs.files import Refused
from jobs.registry import Output
from staff_import import files, plan, services

# The kind of this job (registered with its runner in StaffImportConfig.ready).
STAFF_IMPORT = "staff_import"
NAME = re.compile(r"job-[A-Za-z0-9_-]{32}\.xlsx")
GONE = (
    "Berkas unggahan sudah tidak tersimpan (batas waktunya habis). Unggah berkasnya lagi untuk "
    "diperiksa; tidak ada data yang diubah."
)


def run_staff_import(job, progress) -> Output:
    name = job.params.get("upload", "")
    path = files.upload_directory() / name
    if not NAME.fullmatch(name) or not path.is_file():
        raise Refused(GONE)
    progress(0, 2, "Memeriksa ulang setiap baris")
    try:
        with path.open("rb") as stored:
            data = read_limited(stored, size=path.stat().st_size)
    except OSError as error:
        raise Refused(
            f"Berkas unggahan tidak dapat dibaca di server ({error.strerror}). Unggah berkasnya "
            "lagi untuk diperiksa; tidak ada data yang diubah."
        ) from None
    try:
        found = plan.plan_from_bytes(
            data,
            skip=frozenset(job.params.get("skip", [])),
            leaving=frozenset(job.params.get("leaving", [])),
        )
        if found.refused:
            raise Refused(
                f"Impor tidak dijalankan: {found.refused_rows} baris kini ditolak karena data "
                "berubah sejak pemeriksaan. Unggah berkasnya lagi untuk melihat rinciannya; "
                "tidak ada data yang diubah."
            )
        if found.waiting:
            raise Refused(
                f"Impor tidak dijalankan: {len(found.waiting)} unit organisasi SIASN kini belum "
                "dipetakan (pemetaannya berubah sejak pemeriksaan). Unggah berkasnya lagi; "
                "tidak ada data yang diubah."
            )
        progress(1, 2, f"Menyimpan {len(found.create) + len(found.update)} perubahan pegawai")
        result = services.staff_import_apply(plan=found, by=job.owner)
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages)) from None
    except PermissionDenied as exc:
        raise Refused(str(exc)) from None
    with suppress(OSError):  # applied: a file left behind is removed by the purge (its TTL)
        path.unlink(missing_ok=True)
    return Output(message=result.message(), link=reverse("opd:staff_import"))
