"""A large target import's confirmation as a background job (#26: large files with progress).

A dry run of more than WFA_TARGET_IMPORT_IMMEDIATE_MAX_ROWS clean rows is confirmed in the
background: the view checks the signed rows (signed by the server for this user at the dry run,
so nothing in them can be forged) and keeps them, still signed, in WFA_IMPORT_DIR under a random
name; this runner reads them, checks every row again against the database as it is now, applies
them all or nothing (targets.services.targets_import) and removes the file. Smaller files are
confirmed at once, in the request.
"""

import secrets
from contextlib import suppress

from django.core import signing
from django.urls import reverse

from common.disk import write_new
from jobs.files import Refused
from jobs.registry import Output
from staff_import.files import UPLOAD, upload_directory
from targets import importing, services

# The kind of this job (registered with its runner in TargetsConfig.ready).
TARGETS_IMPORT = "targets_import"
PREFIX = "targets-"
GONE = (
    "Hasil pemeriksaan sudah tidak tersimpan. Unggah berkasnya lagi untuk diperiksa; tidak ada "
    "data yang diubah."
)


def salt(user) -> str:
    return f"targets.import:{user.pk}"


def rows_of(token: str, user, *, max_age=None) -> list[importing.Row]:
    """The rows signed at the dry run for this user (signing.BadSignature, TypeError or
    ValueError for a token forged, of another user, or older than `max_age` seconds)."""
    rows = signing.loads(token, salt=salt(user), max_age=max_age)
    return [importing.Row(*row) for row in rows]


def keep(token: str) -> str:
    """Keep the signed rows for the job under a new random name; return the name."""
    name = f"{PREFIX}{secrets.token_urlsafe(24)}.signed"
    write_new(upload_directory() / name, token.encode(), what=UPLOAD)
    return name


def run_targets_import(job, progress) -> Output:
    name = job.params.get("upload", "")
    path = upload_directory() / name
    if not (name.startswith(PREFIX) and name.endswith(".signed") and "/" not in name):
        raise Refused(GONE)
    try:
        progress(0, 2, "Memeriksa ulang setiap baris")
        try:
            rows = rows_of(path.read_text(), job.owner)
        except (OSError, signing.BadSignature, TypeError, ValueError):
            raise Refused(GONE) from None
        progress(1, 2, f"Menyimpan {len(rows)} baris rencana aksi")
        found = services.targets_import(rows=rows, by=job.owner)
        if found.refused:
            raise Refused(
                f"Impor tidak dijalankan: {len(found.refused)} baris kini ditolak karena data "
                "berubah sejak pemeriksaan. Unggah berkasnya lagi untuk melihat rinciannya; "
                "tidak ada data yang diubah."
            )
    finally:
        with suppress(OSError):  # left behind, it is removed by the uploads' purge
            path.unlink(missing_ok=True)
    return Output(message=found_message(found), link=reverse("targets:import_start"))


def found_message(found) -> str:
    return (
        f"Impor selesai: {len(found.add)} rencana aksi ditambahkan, {len(found.change)} diubah, "
        f"{found.unchanged} sudah ada."
    )
