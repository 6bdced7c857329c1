"""Storing a confirmed device log as a background job: a month of a city's punches is a few
hundred thousand rows. The job checks the file again (the database may have changed since the
dry run), refuses it when a row is now refused, and stores it all or nothing with progress."""

from contextlib import suppress

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from devicelogs import holding, importing, reading, services
from devicelogs.models import Device
from jobs.files import Refused
from jobs.registry import Output

DEVICE_LOG_IMPORT = "device_log_import"
GONE = (
    "Berkas log sudah tidak tersimpan (batas waktunya habis). Unggah berkasnya lagi untuk "
    "diperiksa; tidak ada data yang diubah."
)


def run_device_log_import(job, progress) -> Output:
    name = job.params.get("upload", "")
    path = holding.folder() / name
    device = Device.objects.filter(pk=job.params.get("device")).first()
    if not holding.JOB_NAME.fullmatch(name) or not path.is_file() or device is None:
        raise Refused(GONE)
    progress(0, 1, "Memeriksa ulang setiap baris")
    with path.open("rb") as stored:
        data = reading.read_bounded(stored, size=path.stat().st_size)
    try:
        read = reading.read_file(data, job.params.get("name", ""))
        report = importing.check(
            device, read, name=job.params.get("name", ""), sha256=importing.fingerprint(data)
        )
        if report.refused:
            raise Refused(
                f"Impor tidak dijalankan: {len(report.refused)} baris ditolak. Unggah berkasnya "
                "lagi untuk melihat rinciannya; tidak ada data yang diubah."
            )
        batch = services.punches_store(report=report, by=job.owner, progress=progress)
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages)) from None
    except PermissionDenied as exc:
        raise Refused(str(exc)) from None
    with suppress(OSError):
        path.unlink(missing_ok=True)
    return Output(
        message=(
            f"{batch.added} rekaman baru dari {batch.rows_read} baris; {batch.duplicates} "
            f"duplikat, {batch.unknown} baris nomor tidak dikenal."
        ),
        link=reverse("devicelogs:imports"),
    )
