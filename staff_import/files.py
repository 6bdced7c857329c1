"""A checked staff upload between the dry run and the confirmation (staff_import/views.py).

The bytes (a workbook or a CSV: the stored name's .xlsx suffix says nothing of the format,
staff_import/tables.py tells it by the bytes) wait in WFA_IMPORT_DIR (shared by all app servers)
under a random token that only the session of the user who uploaded them holds, for
WFA_IMPORT_TTL_SECONDS; a confirmation claims them once (a rename, so of two confirmations at once
exactly one gets them) and hands them to the import job under a new random name
(staff_import/confirmation.py reads them there). A folder that cannot be written (full, missing,
read-only) raises common.disk.DiskFault with the message for BKPSDM; nothing half-written stays.
"""

import re
import secrets
import time
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare

from common.disk import DiskFault, fault, storing, write_new
from common.xlsx_safety import read_limited

SESSION_KEY = "staff_import"
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


UPLOAD = "berkas unggahan"


def upload_directory() -> Path:
    directory = Path(settings.WFA_IMPORT_DIR)
    with storing(UPLOAD):
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def keep(request, data: bytes, name: str = "") -> str:
    """Store the checked bytes under a new token held by this session; forget any earlier one."""
    discard(request)
    directory = upload_directory()
    expired = time.time() - settings.WFA_IMPORT_TTL_SECONDS
    for old in [*directory.glob("*.xlsx"), *directory.glob("*.claimed")]:
        try:
            if old.stat().st_mtime < expired:
                old.unlink(missing_ok=True)
        except OSError:  # claimed or removed meanwhile, or not removable: the purge tries again
            pass
    token = secrets.token_urlsafe(24)
    write_new(directory / f"{token}.xlsx", data, what=UPLOAD)
    request.session[SESSION_KEY] = {
        "token": token,
        "user": request.user.pk,
        "at": time.time(),
        "name": name[:200],
    }
    return token


def _pending(request, token: str) -> dict:
    pending = request.session.get(SESSION_KEY) or {}
    if not (
        TOKEN.fullmatch(token)
        and constant_time_compare(token, pending.get("token", ""))
        and pending.get("user") == request.user.pk
    ):
        raise ValidationError(
            "Unggahan ini tidak dikenal untuk sesi Anda (mungkin sudah dikonfirmasi, atau diganti "
            "unggahan lain). Unggah berkasnya lagi untuk diperiksa."
        )
    return pending


def peek(request) -> tuple[str, bytes, str]:
    """(token, bytes, file name) of this session's kept upload, left in place: the preview is
    checked again after BKPSDM maps a unit. ValidationError when there is none (any more)."""
    pending = request.session.get(SESSION_KEY) or {}
    token = pending.get("token", "")
    _pending(request, token)
    path = upload_directory() / f"{token}.xlsx"
    if time.time() - pending["at"] > settings.WFA_IMPORT_TTL_SECONDS or not path.is_file():
        raise ValidationError(
            "Unggahan sudah kedaluwarsa atau sudah dikonfirmasi. Unggah berkasnya lagi untuk "
            "diperiksa."
        )
    with path.open("rb") as stored:
        return token, read_limited(stored, size=path.stat().st_size), pending.get("name", "")


def claim(request, token: str) -> bytes:
    """The kept bytes of this session's dry run, taken once: the file is renamed away first, so
    of two confirmations at once exactly one gets it and the other a clear message."""
    pending = _pending(request, token)
    request.session.pop(SESSION_KEY, None)
    path = upload_directory() / f"{token}.xlsx"
    claimed = path.with_name(f"{token}.{secrets.token_hex(8)}.claimed")
    try:
        path.rename(claimed)
    except OSError as error:
        if not isinstance(error, FileNotFoundError):
            raise fault(error, UPLOAD) from error
        raise ValidationError(
            "Impor ini sudah dikonfirmasi (atau sedang dijalankan) dari permintaan lain, atau "
            "unggahannya kedaluwarsa. Periksa daftar pegawai; bila perlu unggah berkasnya lagi."
        ) from None
    try:
        if time.time() - pending["at"] > settings.WFA_IMPORT_TTL_SECONDS:
            raise ValidationError(
                f"Unggahan sudah kedaluwarsa (batas {settings.WFA_IMPORT_TTL_SECONDS // 60} menit "
                "setelah pemeriksaan). Unggah berkasnya lagi untuk diperiksa."
            )
        with claimed.open("rb") as stored:
            return read_limited(stored, size=claimed.stat().st_size)
    finally:
        claimed.unlink(missing_ok=True)


def hand_over(data: bytes) -> str:
    """Keep the claimed bytes for the import job under a new random name; return the name."""
    name = f"job-{secrets.token_urlsafe(24)}.xlsx"
    write_new(upload_directory() / name, data, what=UPLOAD)
    return name


def discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None) or {}
    token = pending.get("token", "")
    if TOKEN.fullmatch(token):
        with suppress(OSError, DiskFault):  # left for the purge (WFA_IMPORT_TTL_SECONDS)
            (upload_directory() / f"{token}.xlsx").unlink(missing_ok=True)
