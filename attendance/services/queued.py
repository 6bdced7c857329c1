"""Check-ins tapped on a phone without network and sent when it returns (the offline check-in).

The check-in page carries a short-lived token signed by the server when the page was last loaded
online (`offline_token`): who it is for, which window day, and when it was issued. The phone keeps
a tap with that token, a key of its own (a UUID) and the time of the tap, and sends it later
(static/js/checkin-queue.js). The server then accepts it once:

- the key is unique in the database, so a replay (ten sends of one tap, a send whose answer was
  lost) finds the record it made and never makes a second one;
- the token bounds how old a queued tap may be (`WFA_OFFLINE_CHECKIN_HOURS` after the page was
  loaded) and stands in for the CSRF token a page post carries: it is signed, bound to the user
  and the day, and only the user's own page holds it;
- the tap's time must fall after the page was loaded and not in the future, on the token's day;
- a tap that reaches the server more than `DELAY_S` after it was made is recorded at the tap's
  time and flagged "terkirim tertunda" for the head's review; one sent at once is recorded at the
  server's time, exactly as the page's own form.

Everything else (the plan, the office radius, the working hours, one check-in a day) is judged as
for a check-in sent at once, by the same functions.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.utils import timezone

from attendance.models import CheckIn, Flag
from attendance.selectors import check_in_day
from attendance.services.checkins import (
    Position,
    Refused,
    _assessed_check_in,
    _checked_mode_and_place,
    _insert_once,
    _jam,
    _usable,
    tap_employee,
)
from common.dates import tanggal

SALT = "wfa.attendance.offline-check-in"
# A phone's corrected clock and the server's may differ by this much without it meaning anything.
SKEW_S = 120
# A tap received later than this after it was made was held on the phone: "terkirim tertunda".
DELAY_S = 120


class QueuedRefused(Refused):
    """A queued tap the server will never accept: the phone drops it and shows the message.

    `status` is the HTTP status the endpoint answers with.
    """

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Received:
    check_in: CheckIn
    replay: bool  # True: the tap had been recorded already (its key was known)


def max_age() -> timedelta:
    return timedelta(hours=settings.WFA_OFFLINE_CHECKIN_HOURS)


def offline_token(*, user, day_id: int) -> str:
    """The token the check-in page gives the phone for taps stored while offline."""
    now = timezone.now()
    return signing.dumps(
        {"u": user.pk, "e": user.employee_id, "d": day_id, "t": int(now.timestamp())},
        salt=SALT,
        compress=True,
    )


def _read_token(token: str, user) -> dict:
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        hours = settings.WFA_OFFLINE_CHECKIN_HOURS
        raise QueuedRefused(
            f"Presensi yang tersimpan di ponsel sudah lebih dari {hours} jam sejak halaman "
            "presensi dibuka, sehingga tidak dapat diterima lagi. Buka halaman presensi dan "
            "presensi ulang.",
            status=410,
        ) from None
    except signing.BadSignature:
        raise QueuedRefused("Token presensi tidak sah. Buka lagi halaman presensi.", 400) from None
    if not isinstance(data, dict) or not {"u", "e", "d", "t"} <= data.keys():
        raise QueuedRefused("Token presensi tidak sah. Buka lagi halaman presensi.", 400)
    if data["u"] != user.pk or data["e"] != user.employee_id:
        raise QueuedRefused(
            "Presensi yang tersimpan di ponsel ini bukan milik akun yang sedang masuk, sehingga "
            "tidak dikirim.",
            status=403,
        )
    return data


def _parse_moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        raise QueuedRefused("Waktu presensi di ponsel tidak terbaca.", 400) from None
    if timezone.is_naive(moment):
        raise QueuedRefused("Waktu presensi di ponsel tidak menyebut zona waktunya.", 400)
    return moment


def parse_key(text: str) -> UUID:
    try:
        return UUID(str(text))
    except ValueError:
        raise QueuedRefused("Kunci presensi dari ponsel tidak sah.", 400) from None


def _replayed(key: UUID, employee_id: int) -> CheckIn | None:
    earlier = CheckIn.objects.filter(idempotency_key=key).first()
    if earlier is not None and earlier.employee_id != employee_id:
        raise QueuedRefused("Kunci presensi ini sudah dipakai. Presensi ulang dari halaman.", 409)
    return earlier


def queued_check_in(
    *,
    user,
    token: str,
    key: UUID,
    device_at: str,
    mode: str,
    place: str = "",
    position: Position | None = None,
) -> Received:
    """Record a tap the phone stored, once; `Received.replay` says it had been recorded before.

    A tap whose key is known is answered as recorded whatever else is wrong with it now (its
    token expired since, its day ended): it was accepted when it first arrived, and its answer
    may have been lost on the way back. The key is looked up only when the tap cannot be
    recorded as new, so the first send (the peak's) pays no statement for it.
    """
    if not user.employee_id:
        tap_employee(user)  # refused: no staff record
    try:
        received = _record(user, token, key, device_at, mode=mode, place=place, position=position)
    except Refused:
        earlier = _replayed(key, user.employee_id)
        if earlier is not None:
            return Received(earlier, replay=True)
        raise
    return received


def _record(user, token, key, device_at, *, mode, place, position) -> Received:
    data = _read_token(token, user)
    now = timezone.now()
    tapped = _parse_moment(device_at)
    issued = datetime.fromtimestamp(data["t"], tz=now.tzinfo)
    if tapped > now + timedelta(seconds=SKEW_S):
        raise QueuedRefused(
            "Waktu presensi di ponsel berada di masa depan. Periksa jam ponsel, lalu presensi "
            "ulang.",
            400,
        )
    if tapped < issued - timedelta(seconds=SKEW_S):
        raise QueuedRefused(
            "Waktu presensi di ponsel lebih awal dari saat halaman presensi dibuka.", 400
        )
    today = check_in_day(employee_id=user.employee_id, today=timezone.localdate(tapped))
    if today is None:
        tap_employee(user)  # refused when there is no staff record; else no day on that date
    else:
        _usable(today.employee)  # refused when the record is inactive
    if today is None or today.day.pk != data["d"]:
        raise QueuedRefused(
            f"Presensi tersimpan pukul {_jam(tapped)} tidak jatuh pada hari periode yang "
            "halamannya dibuka. Presensi ulang dari halaman.",
            409,
        )
    if today.earlier_at is not None:
        raise QueuedRefused(
            f"Anda sudah presensi masuk pada {tanggal(today.day.date, weekday=True)} pukul "
            f"{_jam(today.earlier_at)}. Presensi masuk hanya sekali sehari.",
            409,
        )
    place = _checked_mode_and_place(today.day, mode, place)
    delayed = now - tapped > timedelta(seconds=DELAY_S)
    moment = tapped if delayed else now
    check_in = _assessed_check_in(
        today.employee, today, mode=mode, place=place, position=position, at=moment
    )
    if delayed:
        check_in.flags.append(str(Flag.DELAYED))
    check_in.idempotency_key = key
    check_in.device_at = tapped
    check_in.received_at = now
    if not _insert_once(check_in):  # the same tap, or another check-in, won a race
        raise QueuedRefused("Anda sudah presensi masuk hari ini. Presensi masuk hanya sekali.")
    return Received(check_in, replay=False)
