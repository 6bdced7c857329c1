"""Reading the read log: one's own viewers, and BKPSDM's search."""

from datetime import datetime, time, timedelta

from django.db.models import F, Q
from django.utils import timezone

from opd.models import Employee
from readlog.models import ReadEvent, ReadSubject

OWN_DAYS = 90


def viewers_of(employee, *, days=OWN_DAYS):
    """Who viewed this employee's data in the last `days` days, newest first."""
    since = timezone.now() - timedelta(days=days)
    return (
        ReadSubject.objects.filter(employee=employee, event__at__gte=since)
        .select_related("event__viewer")
        .order_by("-event_id")
    )


def read_log_search(*, employee="", viewer="", kind="", since=None, until=None):
    """One row per person per view, newest first, filtered as BKPSDM asked.

    `employee`: an 18-digit NIP (exact) or part of a name; `viewer`: part of a username or name;
    `since`/`until`: dates, both included, in the city's time zone.
    """
    # The employee is prefetched, not joined: a deleted employee's rows still show (as an id).
    rows = ReadSubject.objects.select_related("event__viewer").prefetch_related(
        "employee__unit__opd"
    )
    if employee:
        if employee.isdigit() and len(employee) == 18:
            rows = rows.filter(employee__nip=employee)
        else:
            rows = rows.filter(employee__name__icontains=employee)
    if viewer:
        rows = rows.filter(
            Q(event__viewer_username__icontains=viewer)
            | Q(event__viewer__first_name__icontains=viewer)
            | Q(event__viewer__last_name__icontains=viewer)
        )
    if kind:
        rows = rows.filter(event__kind=kind)
    if since:
        rows = rows.filter(event__at__gte=_start_of(since))
    if until:
        rows = rows.filter(event__at__lt=_start_of(until + timedelta(days=1)))
    return rows.order_by("-event_id", "employee_id")


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


EXPORT_CHUNK = 1000


def read_log_snapshot(rows):
    """The search as it stands now: bounded by the newest event, so rows logged while a long
    download is written (the log grows with every page) are not counted or written."""
    newest = ReadEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return rows.filter(event_id__lte=newest)


EXPORT_FIELDS = {  # what a downloaded row holds, read through its event and viewer
    "at": "event__at",
    "viewer_username": "event__viewer_username",
    "viewer_first_name": "event__viewer__first_name",
    "viewer_last_name": "event__viewer__last_name",
    "viewer_role": "event__viewer_role",
    "kind": "event__kind",
    "detail": "event__detail",
    "path": "event__path",
    "ip_address": "event__ip_address",
}


def read_log_chunks(rows, *, chunk=EXPORT_CHUNK):
    """Yield lists of (row, employee or None) for every row of a search, in its order.

    For downloads of any length: keyset pagination on the search's own order (event down,
    employee up), each chunk one query with a LIMIT and no OFFSET, then one query for the
    chunk's employees (at most `chunk` ids). No query grows with the log, unlike a prefetch
    inside a streamed iterator, whose lookups grew past what SQLite accepts ("Expression tree is
    too large") after the response had begun. A row is a dict of event_id, employee_id and
    EXPORT_FIELDS (a model object per row was most of the time of a long download); an employee
    is (NIP, name, OPD short name), None when the employee was deleted.
    """
    fields = {name: F(lookup) for name, lookup in EXPORT_FIELDS.items()}
    rows = (
        rows.prefetch_related(None).select_related(None).values("event_id", "employee_id", **fields)
    )
    after = None
    while True:
        page = rows
        if after is not None:
            event_id, employee_id = after
            page = rows.filter(
                Q(event_id__lt=event_id) | Q(event_id=event_id, employee_id__gt=employee_id)
            )
        found = list(page[:chunk])
        if not found:
            return
        ids = {row["employee_id"] for row in found}
        staff = {
            pk: (nip, name, opd)
            for pk, nip, name, opd in Employee.objects.filter(pk__in=ids).values_list(
                "pk", "nip", "name", "unit__opd__short_name"
            )
        }
        yield [(row, staff.get(row["employee_id"])) for row in found]
        if len(found) < chunk:
            return
        after = (found[-1]["event_id"], found[-1]["employee_id"])
