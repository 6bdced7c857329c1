"""Reading the read log: one's own viewers, and BKPSDM's search."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from readlog.models import ReadSubject

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
