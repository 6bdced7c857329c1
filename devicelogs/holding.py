"""A checked device log between the dry run and the confirmation (devicelogs/views.py).

As the staff import's upload (staff_import/files.py): the bytes wait in WFA_IMPORT_DIR under a
random token only the uploading session holds, for WFA_IMPORT_TTL_SECONDS; the confirmation
claims them once (a rename: of two confirmations exactly one gets them) and hands them to the
import job under a new random name.
"""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare

from common.disk import fault, storing, write_new

SESSION_KEY = "device_log_import"
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
JOB_NAME = re.compile(r"log-[A-Za-z0-9_-]{32}\.bin")
UPLOAD = "berkas log mesin"


def folder() -> Path:
    directory = Path(settings.WFA_IMPORT_DIR) / "devicelogs"
    with storing(UPLOAD):
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def keep(request, data: bytes, *, device_id: int, name: str) -> str:
    """Store the checked bytes under a new token held by this session (an earlier one is
    dropped); old leftovers past their time are removed on the way."""
    directory = folder()
    expired = time.time() - settings.WFA_IMPORT_TTL_SECONDS
    for old in directory.iterdir():
        try:
            if old.stat().st_mtime < expired:
                old.unlink(missing_ok=True)
        except OSError:  # claimed or removed meanwhile: the next upload tries again
            pass
    token = secrets.token_urlsafe(24)
    write_new(directory / f"{token}.held", data, what=UPLOAD)
    request.session[SESSION_KEY] = {
        "token": token,
        "user": request.user.pk,
        "at": time.time(),
        "device": device_id,
        "name": name,
    }
    return token


def claim(request, token: str) -> tuple[str, dict]:
    """Hand this session's checked bytes to a job file, once; (job file name, the dry run's
    device and file name)."""
    pending = request.session.get(SESSION_KEY) or {}
    if not (
        TOKEN.fullmatch(token or "")
        and constant_time_compare(token, pending.get("token", ""))
        and pending.get("user") == request.user.pk
    ):
        raise ValidationError(
            "Unggahan ini tidak dikenal untuk sesi Anda (mungkin sudah dikonfirmasi, atau diganti "
            "unggahan lain). Unggah berkasnya lagi untuk diperiksa."
        )
    request.session.pop(SESSION_KEY, None)
    if time.time() - pending["at"] > settings.WFA_IMPORT_TTL_SECONDS:
        raise ValidationError(
            "Unggahan sudah kedaluwarsa. Unggah berkasnya lagi untuk diperiksa; tidak ada data "
            "yang diubah."
        )
    name = f"log-{secrets.token_urlsafe(24)}.bin"
    try:
        (folder() / f"{token}.held").rename(folder() / name)
    except FileNotFoundError:
        raise ValidationError(
            "Impor ini sudah dikonfirmasi (atau sedang dijalankan) dari permintaan lain, atau "
            "unggahannya kedaluwarsa."
        ) from None
    except OSError as error:
        raise fault(error, UPLOAD) from error
    return name, pending
