"""Files written by the portal: atomically (a temporary name, then a rename) and in one folder.

A full disk (or any failed write) leaves no half-written file under the target's name, and is
reported as `Refused` with a message a user can act on.
"""

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.crypto import get_random_string

DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


class Refused(Exception):
    """Work that cannot be done, with the reason in Indonesian for the user."""


@contextmanager
def atomic_path(target):
    """Yield a temporary path beside `target`; on success it is renamed to `target`."""
    target = Path(target)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the file from its readers
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if error.errno in DISK_FULL:
            raise Refused(
                f"Ruang penyimpanan penuh: berkas {target.name} tidak ditulis. "
                "Kosongkan ruang disk lalu coba lagi."
            ) from error
        raise Refused(f"Berkas {target.name} tidak dapat ditulis: {error.strerror}.") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def export_dir() -> Path:
    folder = Path(settings.WFA_EXPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def job_path(job, extension: str) -> Path:
    """Where a job's file goes: a name nobody can guess, in the export folder."""
    return export_dir() / f"job-{job.pk}-{get_random_string(16)}.{extension}"
