"""Writing notifications (in the caller's transaction) and marking them read.

Services of other apps call `notify` inside the transaction of their event; the email, when the
recipient wants it at once, is enqueued after that transaction commits, so a failing mail server
never breaks the action, and a rolled-back action sends nothing.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from inbox.models import Delivery, DeliveryChoice, Kind, Notification, delivery_for
from inbox.selectors import CHUNK, addresses
from inbox.tasks import send_notification_email
from opd.models import Delegation, Role, User

# Who receives what, by role: the one place outside the access layer that names roles (the
# to-dos, the notices and the reminders ask these). The ids may be a list or a subquery.


def _people():
    """Accounts of people: a partner system's account (api.ApiClient, reverse name api_client)
    has a role for the access layer but reads no notifications."""
    return User.objects.filter(is_active=True, api_client__isnull=True)


def bkpsdm_accounts():
    return _people().filter(role=Role.BKPSDM)


def head_accounts(opd_ids: Iterable[int] | QuerySet):
    """The heads of these OPDs, and their Plh/Plt in force today: what waits for a head's
    decision reaches whoever may take it (one query)."""
    ids = _ids(opd_ids)
    acting = Delegation.objects.on(timezone.localdate()).filter(opd_id__in=ids, unit__isnull=True)
    return _people().filter(
        Q(role=Role.HEAD, opd_id__in=ids) | Q(pk__in=acting.values("account_id"))
    )


def employee_accounts(employee_ids: Iterable[int] | QuerySet):
    return User.objects.filter(employee_id__in=_ids(employee_ids), is_active=True)


def planning_accounts():
    """Everyone a window's days concern: BKPSDM, the heads and the staff (not the mayor's office,
    which only reads)."""
    return _people().filter(role__in=[Role.BKPSDM, Role.HEAD, Role.EMPLOYEE])


def _ids(ids):
    return ids if isinstance(ids, QuerySet) else list(ids)


def _about(obj) -> dict:
    if obj is None:
        return {}
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}


def _about_ids(about) -> tuple[int | None, int | None]:
    """(content type id, object id) of an object, or of a (model, id) pair."""
    if about is None:
        return None, None
    model, pk = about if isinstance(about, tuple) else (about, about.pk)
    return ContentType.objects.get_for_model(model).pk, pk


def _email_after_commit(notifications: list[tuple[int, int, str]]) -> None:
    """Enqueue the email of each notification whose recipient wants it at once, after commit:
    `notifications` are (id, recipient id, kind) triples."""
    if not notifications:
        return
    user_ids = {recipient_id for _, recipient_id, _ in notifications}
    emails = addresses(user_ids)
    choices: dict[int, dict] = defaultdict(dict)
    for user_id, kind, delivery in DeliveryChoice.objects.filter(
        user_id__in=list(emails)
    ).values_list("user_id", "kind", "delivery"):
        choices[user_id][kind] = delivery
    ids = [
        pk
        for pk, recipient_id, kind in notifications
        if recipient_id in emails
        and delivery_for(None, kind, choices[recipient_id]) == Delivery.IMMEDIATE
    ]
    if not ids:
        return
    transaction.on_commit(lambda: [send_notification_email.enqueue(pk) for pk in ids])


def notify(
    *,
    recipients: Iterable[User],
    kind: Kind,
    text: str,
    url: str = "",
    about=None,
) -> list[Notification]:
    """One notification per recipient (deduplicated), in the caller's transaction."""
    users = {u.pk: u for u in recipients}
    if not users:
        return []
    rows = [
        Notification(recipient=user, kind=kind, text=text[:500], url=url, **_about(about))
        for user in users.values()
    ]
    created = Notification.objects.bulk_create(rows)
    if all(n.pk for n in created):
        _email_after_commit([(n.pk, n.recipient_id, n.kind) for n in created])
    return created


def notify_each(*, kind: Kind, notes: Iterable[tuple], url: str = "") -> int:
    """`notify` for many recipients at once, each with their own text: `notes` are (recipient's
    user id, text, about) triples, `about` an object or (its model, its id) or None. One INSERT
    whatever their number (SQLite: batches of its parameter limit), written from plain values:
    a model object per row was most of the time of accepting 500 reports."""
    kind = Kind(kind).value  # a plain str: the driver writes values, not enums
    rows = [(user_id, text[:500], *_about_ids(about)) for user_id, text, about in notes]
    created = _insert_notifications(rows, kind=kind, url=url, now=timezone.now())
    _email_after_commit([(pk, recipient_id, kind) for pk, recipient_id in created])
    return len(created)


def _insert_notifications(rows: list[tuple], *, kind, url, now) -> list[tuple[int, int]]:
    """(id, recipient id) of each row inserted: from arrays on PostgreSQL (one statement, few
    parameters), from VALUES batches elsewhere; RETURNING on both (SQLite 3.35+)."""
    if not rows:
        return []
    qn = connection.ops.quote_name
    head = (
        f"INSERT INTO {qn(Notification._meta.db_table)} (recipient_id, kind, text, url, "
        "content_type_id, object_id, batch_key, count, created_at, email_error) "
    )  # noqa: S608 (the table's name from the model, values as parameters)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = [list(column) for column in zip(*rows, strict=True)]
            cursor.execute(
                head + "SELECT n.r, %s, n.t, %s, n.c, n.o, '', 1, %s, '' FROM "
                "unnest(%s::bigint[], %s::text[], %s::int[], %s::bigint[]) AS n(r, t, c, o) "
                "RETURNING id, recipient_id",
                [kind, url, now, *columns],
            )
            return cursor.fetchall()
        created, per = [], CHUNK // 7
        for start in range(0, len(rows), per):
            batch = rows[start : start + per]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, '', 1, %s, '')"] * len(batch))
            params = [v for r, t, c, o in batch for v in (r, kind, t, url, c, o, now)]
            cursor.execute(f"{head}VALUES {values} RETURNING id, recipient_id", params)
            created += cursor.fetchall()
        return created


def notify_batched(
    *,
    recipients: Iterable[User],
    kind: Kind,
    batch_key: str,
    text: Callable[[int], str],
    url: str = "",
) -> list[Notification]:
    """Several events, one notification: an unread one with the same key counts up instead.

    `text(count)` words the notification for the number of events so far (e.g. "3 laporan ...").
    Only the first of a batch is emailed: the rest would repeat it.
    """
    written = []
    for user in {u.pk: u for u in recipients}.values():
        mine = Notification.objects.select_for_update().filter(
            recipient=user, batch_key=batch_key, read_at__isnull=True
        )
        existing = mine.first()
        if existing is not None:
            existing.count += 1
            mine.update(count=F("count") + 1, text=text(existing.count)[:500])
            written.append(existing)
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user, kind=kind, text=text(1)[:500], url=url, batch_key=batch_key
                )
        except IntegrityError:  # another request started the batch in between: count on it
            mine.update(count=F("count") + 1)
            continue
        _email_after_commit([(notification.pk, notification.recipient_id, notification.kind)])
        written.append(notification)
    return written


def notify_in_place(
    *,
    recipients: Iterable[User],
    kind: Kind,
    key: str,
    text: str,
    url: str = "",
    about=None,
) -> list[Notification]:
    """One unread notification per recipient about one thing (`key`, e.g. a plan), kept current.

    A later event about the same thing rewrites the recipient's unread notification (text, kind,
    link), counts it and moves it to the top, instead of adding one per event: a head notified
    three times of one plan has one item, saying where the plan stands now. Its email goes out
    again as the recipient chose for the new kind (at once, or in the next digest).
    """
    written = []
    now = timezone.now()
    for user in {u.pk: u for u in recipients}.values():
        mine = Notification.objects.select_for_update().filter(
            recipient=user, batch_key=key, read_at__isnull=True
        )
        existing = mine.first()
        if existing is not None:
            existing.kind, existing.text, existing.url = kind, text[:500], url
            existing.count += 1
            existing.created_at, existing.emailed_at, existing.email_error = now, None, ""
            existing.save(
                update_fields=["kind", "text", "url", "count", "created_at", "emailed_at"]
                + ["email_error"]
            )
            written.append(existing)
            continue
        try:
            with transaction.atomic():
                written.append(
                    Notification.objects.create(
                        recipient=user,
                        kind=kind,
                        text=text[:500],
                        url=url,
                        batch_key=key,
                        **_about(about),
                    )
                )
        except IntegrityError:  # another request wrote it in between: bring it up to date
            mine.update(kind=kind, text=text[:500], url=url, count=F("count") + 1, created_at=now)
    _email_after_commit([(n.pk, n.recipient_id, n.kind) for n in written])
    return written


def notification_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (another user's is not found)."""
    notification = Notification.objects.for_user(user).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


@transaction.atomic
def delivery_choices_set(*, user, choices: dict[str, str], email: str | None = None) -> None:
    """Store the user's email choice per kind (and their address, when given)."""
    for kind, delivery in choices.items():
        DeliveryChoice.objects.update_or_create(
            user=user, kind=Kind(kind), defaults={"delivery": Delivery(delivery)}
        )
    if email is not None and email != user.email:
        user.email = email
        user.save(update_fields=["email"])
