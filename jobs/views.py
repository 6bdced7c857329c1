"""Downloads (unduhan): a user's background jobs, their progress, their files, a retry."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from jobs.files import Refused
from jobs.models import Job
from jobs.services import file_of, job_retry
from opd.access import allowed, require_perm

PAGE_SIZE = 25
POLL_SECONDS = 1
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


def _visible(request):
    return Job.objects.visible_to(request.user).select_related("owner")


@require_safe
@require_perm("jobs.view_downloads")
def job_list(request):
    page = Paginator(_visible(request), PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "jobs": page.object_list,
        "everyone": allowed(request.user, "jobs.view_all_jobs"),
    }
    return render(request, "jobs/list.html", context)


@require_safe
@require_perm("jobs.view_downloads")
def job_detail(request, pk):
    job = get_object_or_404(_visible(request), pk=pk)
    return render(request, "jobs/detail.html", {"job": job, "poll": POLL_SECONDS})


@require_safe
@require_perm("jobs.view_downloads")
def job_progress(request, pk):
    """The progress fragment the detail page polls (htmx) until the job has finished."""
    job = get_object_or_404(_visible(request), pk=pk)
    return render(request, "jobs/_progress.html", {"job": job, "poll": POLL_SECONDS})


@require_safe
@require_perm("jobs.view_downloads")
def job_download(request, pk):
    job = get_object_or_404(_visible(request), pk=pk)
    path = file_of(job)
    if path is None:
        raise Http404("Berkas tidak tersedia: pekerjaan belum selesai atau berkas sudah dihapus.")
    extension = path.suffix.lstrip(".")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


@require_POST
@require_perm("jobs.view_downloads")
def job_retry_view(request, pk):
    job = get_object_or_404(_visible(request), pk=pk)
    try:
        job, new = job_retry(job=job)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("jobs:detail", pk=job.pk)
    if not new:
        messages.info(request, "Permintaan yang sama sedang berjalan: ini pekerjaannya.")
    return redirect("jobs:detail", pk=job.pk)
