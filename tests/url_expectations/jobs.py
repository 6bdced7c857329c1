"""Downloads (background jobs): everyone who can export sees the list; a job is its owner's
(here the head of OPD A) and BKPSDM's; anyone else gets 404."""

from tests.url_expectations import Redirect, no_kwargs


def _job_of_head_a(fixture, status="done"):
    from datetime import timedelta

    from django.utils import timezone

    from jobs.models import Job, parameters_key
    from reports.documents.exports import CITY_PDF

    settings = fixture("settings")
    settings.WFA_EXPORT_DIR.mkdir(parents=True, exist_ok=True)
    (settings.WFA_EXPORT_DIR / "job-uji.pdf").write_bytes(b"%PDF-1.4 uji")
    job = Job.objects.create(
        owner=fixture("head_a"),
        kind=CITY_PDF,
        parameters=parameters_key({"window": fixture("window").slug}),
        title="Ringkasan",
        status=status,
        file_path="job-uji.pdf" if status == "done" else "",
        file_name="ringkasan.pdf",
        finished_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return {"pk": job.pk}


def failed_job_of_head_a(fixture):
    return _job_of_head_a(fixture, status="failed")


OWNER_AND_BKPSDM = {
    "anonymous": 302,
    "employee": 403,
    "head_a": 200,
    "head_b": 404,
    "mayor": 404,
    "bkpsdm": 200,
}

EXPECTATIONS = {
    "jobs:list": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "jobs:detail": {"kwargs": _job_of_head_a, "method": "get", **OWNER_AND_BKPSDM},
    "jobs:progress": {"kwargs": _job_of_head_a, "method": "get", **OWNER_AND_BKPSDM},
    "jobs:download": {"kwargs": _job_of_head_a, "method": "get", **OWNER_AND_BKPSDM},
    "jobs:retry": {
        "kwargs": failed_job_of_head_a,
        "method": "post",
        **OWNER_AND_BKPSDM,
        "head_a": Redirect("/unduhan/"),
        "bkpsdm": Redirect("/unduhan/"),
    },
}
