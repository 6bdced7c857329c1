"""Pages say whose personal data they showed; the read log (readlog) records it (UU 27/2022).

opd sits left of every app, so a page anywhere (and the Django admin) notes here, on the request,
which employees' data it showed and as what. readlog's middleware writes one log entry per note
once the response succeeded, leaving out the viewer's own record: a refused or failed page
showed nothing, and reading one's own data is not logged.
"""

from datetime import timedelta

from django.contrib.admin.utils import unquote
from django.db import models


class ReadKind(models.TextChoices):
    """What kind of another person's data a page showed."""

    PROFILE = "profile", "Profil pegawai"
    STAFF_LIST = "staff_list", "Daftar pegawai"
    SCHEDULE = "schedule", "Rencana kerja (grid)"
    HISTORY = "history", "Riwayat perubahan jadwal"
    PREFERENCES = "preferences", "Preferensi dan alasannya"
    CHECK_INS = "check_ins", "Presensi"
    REPORTS = "reports", "Laporan kerja harian"
    ABSENCES = "absences", "Cuti dan ketidakhadiran"
    RESTRICTIONS = "restrictions", "Pembatasan WFO (hukuman disiplin, pengangkatan)"
    EXPORT = "export", "Unduhan data"
    ADMIN = "admin", "Admin Django"


ATTRIBUTE = "_personal_reads"


def _attribute(obj, path: str):
    """`report.employee_id` style lookups; None when a link is missing."""
    for name in path.split("."):
        obj = getattr(obj, name, None)
    return obj


def note_read(request, kind, employee_ids, *, detail="", repeat_after: timedelta | None = None):
    """Say that this response shows these employees' data (ids; duplicates and None are fine).

    `repeat_after`: for pages that refresh themselves (the monitor polls every 30 seconds), an
    employee already logged for this viewer, kind and detail within that time is not logged again.
    """
    ids = sorted({pk for pk in employee_ids if pk is not None})
    if ids:
        request.__dict__.setdefault(ATTRIBUTE, []).append(
            {"kind": kind, "ids": ids, "detail": detail[:200], "repeat_after": repeat_after}
        )


def reads_of(request) -> list[dict]:
    return request.__dict__.get(ATTRIBUTE, [])


class ReadLoggedAdmin:
    """ModelAdmin mixin: the admin's lists, forms and histories are logged like the portal's pages.

    `read_subject` names the attribute that holds the employee id (`pk` for Employee itself).
    """

    read_subject = "employee_id"

    def _subject_ids(self, objects) -> list:
        return [_attribute(obj, self.read_subject) for obj in objects]

    def _note(self, request, objects, what):
        meta = self.model._meta
        detail = f"{meta.verbose_name_plural if what == 'daftar' else meta.verbose_name}: {what}"
        note_read(request, ReadKind.ADMIN, self._subject_ids(objects), detail=detail)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            self._note(request, changelist.result_list, "daftar")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None:
            self._note(request, [original], "rincian")
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            self._note(request, [obj], "riwayat")
        return response
