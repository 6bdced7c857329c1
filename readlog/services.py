"""Writing the read log (after each page that showed others' data) and purging it when old."""

from django.db import connection, transaction
from django.utils import timezone

from common.client_ip import client_ip
from opd.disclosure import reads_of
from readlog.models import ReadEvent, ReadSubject

BATCH = 5000


def reads_record(*, request) -> int:
    """Log what the request's page noted (opd.disclosure.note_read); returns the rows written.

    The viewer's own record is left out. Runs inside the request: if the log cannot be written,
    the page fails rather than show data that nobody will know was shown.
    """
    user = request.user
    written = 0
    for read in reads_of(request):
        ids = [pk for pk in read["ids"] if pk != user.employee_id]
        if read["repeat_after"] and ids:
            ids = _not_recently_logged(user, read, ids)
        written += reads_write(
            viewer=user,
            kind=read["kind"],
            employee_ids=ids,
            detail=read["detail"],
            path=request.get_full_path(),
            ip_address=client_ip(request) or None,
        )
    return written


def reads_write(*, viewer, kind, employee_ids, detail="", path="", ip_address=None) -> int:
    """Log one view of these employees' data by `viewer`, outside a request too (a background
    export says what it handed over). The viewer's own record is left out; returns the rows."""
    ids = sorted({pk for pk in employee_ids if pk is not None and pk != viewer.employee_id})
    if not ids:
        return 0
    event = ReadEvent(
        viewer=viewer,
        viewer_username=viewer.get_username(),
        viewer_role=viewer.role,
        kind=kind,
        detail=detail[:200],
        path=path[:300],
        ip_address=ip_address,
        subject_count=len(ids),
    )
    _write(event, ids)
    return len(ids)


# PostgreSQL: the event and its rows in one statement, the ids as one array parameter.
INSERT_EVENT_AND_SUBJECTS = """
WITH event AS (
    INSERT INTO readlog_readevent
        (viewer_id, viewer_username, viewer_role, kind, detail, path, ip_address, at,
         subject_count)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
    RETURNING id
)
INSERT INTO readlog_readsubject (event_id, employee_id)
SELECT event.id, employee_id FROM event, unnest(%s::bigint[]) AS employee_id
"""


def _write(event: ReadEvent, ids: list[int]) -> None:
    """One statement on PostgreSQL (a 500-row grid page costs about 3 ms); elsewhere the ORM,
    in one transaction, without a savepoint inside a caller's own."""
    if connection.vendor == "postgresql":
        fields = ["viewer_id", "viewer_username", "viewer_role", "kind", "detail", "path"]
        values = [getattr(event, name) for name in fields]
        values += [event.ip_address, event.at, event.subject_count, ids]
        with connection.cursor() as cursor:
            cursor.execute(INSERT_EVENT_AND_SUBJECTS, values)
        return
    with transaction.atomic(savepoint=False):
        event.save()
        ReadSubject.objects.bulk_create(
            [ReadSubject(event=event, employee_id=pk) for pk in ids], batch_size=BATCH
        )


def _not_recently_logged(user, read, ids) -> list[int]:
    since = timezone.now() - read["repeat_after"]
    seen = set(
        ReadSubject.objects.filter(
            event__viewer=user,
            event__kind=read["kind"],
            event__detail=read["detail"],
            event__at__gte=since,
            employee_id__in=ids,
        ).values_list("employee_id", flat=True)
    )
    return [pk for pk in ids if pk not in seen]


def read_log_stale(*, before) -> tuple[int, int]:
    """(events, subject rows) older than `before`: what the purge would remove."""
    events = ReadEvent.objects.filter(at__lt=before)
    last = events.order_by("-pk").values_list("pk", flat=True).first()
    if last is None:
        return 0, 0
    return events.count(), ReadSubject.objects.filter(event_id__lte=last).count()


@transaction.atomic
def read_log_purge(*, before) -> tuple[int, int]:
    """Delete log entries older than `before` (the log's own retention period).

    Event ids grow with time, so everything up to the newest stale event goes. On PostgreSQL
    the append-only trigger lets this transaction delete (and only this one).
    """
    last = ReadEvent.objects.filter(at__lt=before).order_by("-pk").values_list("pk", flat=True)
    last = last.first()
    if last is None:
        return 0, 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL wfa.read_log_purge = 'on'")
    # Plain DELETE statements: the querysets refuse delete() to everyone else.
    subjects = ReadSubject.objects.filter(event_id__lte=last)
    removed_subjects = subjects._raw_delete(subjects.db)
    events = ReadEvent.objects.filter(pk__lte=last)
    return events._raw_delete(events.db), removed_subjects
