"""Email for notifications, sent by the task worker after the event's transaction committed.

A failing mail server never breaks the action that caused the notification: the task records
the error on the notification (which stays in the inbox), logs it, and tries again later, up to
MAX_ATTEMPTS times, with a growing pause.
"""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from common import region
from common.site import site_url
from inbox.models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_MINUTES = (1, 5, 15, 60)


@task()
def send_notification_email(notification_id: int, attempt: int = 1) -> str:
    from inbox.services import email_of

    notification = (
        Notification.objects.select_related("recipient__employee")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return "sudah dikirim atau dihapus"
    address = email_of(notification.recipient)
    if not address:
        return "tanpa alamat email"
    body = f"{notification.text}\n\nBuka: {site_url(notification.url)}\n\n{FOOTER}"
    try:
        send_mail(
            subject=f"[Portal WFA] {notification.get_kind_display()}",
            message=body,
            from_email=None,
            recipient_list=[address],
        )
    except Exception as exc:  # any transport error: keep the notification, try again later
        logger.warning(
            "Email for notification %s failed (attempt %s): %r", notification_id, attempt, exc
        )
        Notification.objects.filter(pk=notification_id).update(email_error=str(exc)[:300])
        _retry(notification_id, attempt)
        return "gagal, dicoba lagi"
    Notification.objects.filter(pk=notification_id).update(
        emailed_at=timezone.now(), email_error=""
    )
    return "terkirim"


def _retry(notification_id: int, attempt: int) -> None:
    if attempt >= MAX_ATTEMPTS or not send_notification_email.get_backend().supports_defer:
        return
    pause = timedelta(minutes=RETRY_MINUTES[min(attempt, len(RETRY_MINUTES)) - 1])
    send_notification_email.using(run_after=timezone.now() + pause).enqueue(
        notification_id, attempt + 1
    )


FOOTER = (
    f"Pesan ini dikirim otomatis oleh Portal WFA Pemerintah {region.city_name()}. "
    "Atur email notifikasi "
    "Anda di menu Notifikasi > Pengaturan."
)
