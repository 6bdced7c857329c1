"""The daily digest: one email per user with their open to-dos and the notifications they chose
to receive this way; nothing goes to someone with nothing open."""

from dataclasses import dataclass

from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from common.site import site_url
from inbox.models import Delivery, DeliveryChoice, Notification, delivery_for
from inbox.selectors import todos_for, users_with_todos
from inbox.services import addresses
from opd.models import User


@dataclass(frozen=True)
class DigestResult:
    users: int  # users with an address and something open
    sent: int


def _body(user, todos, notifications) -> str:
    lines = [f"Selamat pagi, {user.display_name}.", ""]
    if todos:
        lines.append("Yang menunggu tindakan Anda:")
        lines += [f"- {t.text}: {site_url(t.url)}" for t in todos]
        lines.append("")
    if notifications:
        lines.append("Notifikasi yang belum Anda baca:")
        lines += [f"- {n.text}" for n in notifications]
        lines.append("")
    lines.append(f"Buka portal: {site_url()}")
    return "\n".join(lines)


def digest_send(*, today=None) -> DigestResult:
    """Send today's digests; the notifications included are marked as emailed."""
    # Only people with something open: to-dos (asked of each app) or unread, un-emailed news.
    wanted = users_with_todos() | set(
        Notification.objects.unread()
        .filter(emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    emails = addresses(
        User.objects.filter(is_active=True, pk__in=wanted).values_list("pk", flat=True)
    )
    users = User.objects.filter(pk__in=list(emails)).select_related("opd")
    choices: dict[int, dict] = {}
    for user_id, kind, delivery in DeliveryChoice.objects.values_list(
        "user_id", "kind", "delivery"
    ):
        choices.setdefault(user_id, {})[kind] = delivery
    when = timezone.localdate() if today is None else today
    messages, included = [], []
    for user in users:
        mine = choices.get(user.pk, {})
        notifications = [
            n
            for n in Notification.objects.for_user(user).unread().filter(emailed_at__isnull=True)
            if delivery_for(None, n.kind, mine) == Delivery.DIGEST
        ]
        todos = todos_for(user)
        if not todos and not notifications:
            continue
        messages.append(
            EmailMessage(
                subject=f"[Portal WFA] Ringkasan harian {when:%d-%m-%Y}",
                body=_body(user, todos, notifications),
                to=[emails[user.pk]],
            )
        )
        included += [n.pk for n in notifications]
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
        Notification.objects.filter(pk__in=included).update(emailed_at=timezone.now())
    return DigestResult(users=len(emails), sent=len(messages))
