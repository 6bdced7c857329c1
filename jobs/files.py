"""Files written by the portal: atomically (a temporary name, then a rename) and in one folder.

A full disk, a missing folder, no permission or a read-only mount (any failed write) leaves no
half-written file under the target's name, and is reported as common.disk.DiskFault with a
message a user can act on (logged once, where it happens).
"""

import os
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from django.utils.crypto import get_random_string

from common.disk import storing


class Refused(Exception):
    """Work that cannot be done, with the reason in Indonesian for the user."""


@contextmanager
def atomic_path(target):
    """Yield a temporary path beside `target`; on success it is renamed to `target`."""
    target = Path(target)
    # A job's file has a secret name: the user reads what it is, not its name.
    what = (
        f"berkas {target.suffix} hasil pekerjaan ini"
        if target.name.startswith("job-")
        else target.name
    )
    with storing(what):
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(handle)
    temporary = Path(name)
    try:
        with storing(what, partial=temporary):
            yield temporary
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the file from its readers
            os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):  # storing() has tried already and logged why it could not
            temporary.unlink(missing_ok=True)
        raise


def export_folder() -> Path:
    """Where the jobs' files are (for reading: nothing is created)."""
    return Path(settings.WFA_EXPORT_DIR)


def export_dir() -> Path:
    """The folder the jobs write to, made when missing."""
    folder = export_folder()
    with storing("folder berkas unduhan"):
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def job_path(job, extension: str) -> Path:
    """Where a job's file goes: a name nobody can guess, in the export folder."""
    return export_dir() / f"job-{job.pk}-{get_random_string(16)}.{extension}"
