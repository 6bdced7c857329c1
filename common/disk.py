"""Faults of the disk the portal writes to: one message in Indonesian, logged once, nothing
half-written left behind.

A full disk (ENOSPC, a quota), a folder that is missing or is a file, no permission, a read-only
mount: every place that writes a file (the staff upload, the import job's hand-over, the city's
exports, `manage.py export_*`, the purges) wraps the write in `storing()`. It removes what was
half-written, logs the fault once with its errno and path, and raises `DiskFault` with the
message the user or operator reads; pages answer it with 503 and commands with an exit code,
never a traceback.
"""

import errno
import gc
import logging
import os
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EISDIR)
FORBIDDEN = (errno.EACCES, errno.EPERM)
READ_ONLY = (errno.EROFS,)
# The faults of the storage itself, as opposed to a bug of ours (the safety net's test).
STORAGE = frozenset((*FULL, *MISSING, *FORBIDDEN, *READ_ONLY, errno.EIO))


class DiskFault(Exception):
    """A file could not be written or removed; the text says why and what to do."""


def message(error: OSError, what: str) -> str:
    """What a person can act on, for `what` ("berkas unggahan", "rekap.xlsx") and the error."""
    if error.errno in FULL:
        return (
            f"Ruang penyimpanan server penuh: {what} tidak dapat disimpan dan tidak ada yang "
            "diubah. Minta pengelola server mengosongkan ruang disk, lalu coba lagi."
        )
    if error.errno in MISSING:
        return (
            f"Folder penyimpanan server tidak ada (atau bukan folder): {what} tidak dapat "
            "disimpan. Minta pengelola server memeriksa foldernya (WFA_IMPORT_DIR, "
            "WFA_EXPORT_DIR), lalu coba lagi."
        )
    if error.errno in FORBIDDEN:
        return (
            f"Server tidak punya izin menulis ke folder penyimpanan: {what} tidak dapat disimpan. "
            "Minta pengelola server memeriksa izin foldernya, lalu coba lagi."
        )
    if error.errno in READ_ONLY:
        return (
            f"Penyimpanan server hanya dapat dibaca: {what} tidak dapat disimpan. Minta pengelola "
            "server memeriksanya, lalu coba lagi."
        )
    return f"{what} tidak dapat disimpan: {error.strerror or error}. Coba lagi nanti."


@contextmanager
def storing(what: str, *, partial: Path | None = None):
    """Turn an OSError inside into a logged DiskFault, removing `partial` (what was being
    written) first."""
    try:
        yield
    except OSError as error:
        if partial is not None:
            _remove_quietly(Path(partial))
        raise fault(error, what, where=partial) from error


def fault(error: OSError, what: str, *, where=None) -> DiskFault:
    """The DiskFault of `error`, logged (once: here, where it is met)."""
    place = error.filename or where or "?"
    logger.error("Disk fault (%s): [Errno %s] %s: %s", what, error.errno, error.strerror, place)
    return DiskFault(message(error, what))


def write_new(path: Path, data: bytes, *, what: str, mode: int = 0o600) -> None:
    """Write `data` to a new file `path` (never an existing one); on any fault nothing stays."""
    with storing(what):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with storing(what, partial=path), os.fdopen(fd, "wb") as out:
        out.write(data)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:  # e.g. the disk went read-only: logged, the first fault is the news
        logger.warning("Could not remove the half-written %s: %s", path, error)


@contextmanager
def quiet_collection():
    """Collect what a failed write left behind without printing its complaints.

    A workbook that failed half-way leaves openpyxl's sheet writers and zip file open; when they
    are collected they try to finish and fail again, and Python prints each as "Exception
    ignored in ..." with a traceback: a command's operator would see pages of it after the one
    message that matters. Wrap the handling of the fault in this; it has been logged already.
    """
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: logger.debug(
        "Ignored while collecting a failed write: %r", unraisable.exc_value
    )
    try:
        yield
        gc.collect()
    finally:
        sys.unraisablehook = hook


def forget(exception: BaseException) -> None:
    """Let go, quietly, of what a failed write left in the frames of `exception` and its causes
    (for a handler that keeps the exception while it answers, such as a middleware)."""
    with quiet_collection():
        while exception is not None:
            traceback.clear_frames(exception.__traceback__)
            exception = exception.__cause__ or exception.__context__
