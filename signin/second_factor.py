"""TOTP devices (django-otp) and recovery codes: set up, confirmed, checked at sign-in.

A user has at most one TOTP device (an authenticator app) and one recovery device holding the
recovery codes as salted hashes (signin/models.py). A TOTP device is created unconfirmed by a
POST, shown as a QR code made here (segno, no outside service), and confirmed by the first code
the app shows.
"""

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from opd.access import allowed
from signin.models import RecoveryCode, RecoveryDevice, new_code

RECOVERY_CODES = 10


def required_for(user) -> bool:
    """Whether this account must confirm every sign-in (WFA_2FA_REQUIRED switches it off)."""
    return settings.WFA_2FA_REQUIRED and allowed(user, "signin.second_factor_required")


def totp_of(user, *, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG (no image request, no outside service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, title="Kode QR TOTP")


@transaction.atomic
def totp_start(*, user) -> TOTPDevice:
    """A new unconfirmed device (any earlier unconfirmed one is replaced)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=False)


@transaction.atomic
def totp_confirm(*, request, code: str) -> list[str] | None:
    """Confirm the pending device with its first code; returns the new recovery codes (shown
    once), or None when the code is wrong (nothing changes but the device's throttle)."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Ten new single-use codes, returned once and stored only hashed; the old ones stop
    working."""
    device, _ = RecoveryDevice.objects.get_or_create(
        user=user, defaults={"name": "Kode pemulihan", "confirmed": True}
    )
    device.codes.all().delete()
    if device.migrated:
        device.migrated = False
        device.save(update_fields=["migrated"])
    codes = [new_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create([RecoveryCode.of(device, c) for c in codes])
    return codes


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()


def recovery_codes_migrated(user) -> bool:
    """Codes moved from django-otp's plain-text store: still valid, but shorter; renew them."""
    return RecoveryDevice.objects.filter(user=user, migrated=True).exists()


def verify(*, request, code: str) -> bool:
    """Check a code from the app, else a recovery code (used up); on success the session is
    verified. Each device throttles its own failures (django-otp: growing delays)."""
    code = "".join(code.split())
    user = request.user
    # Six digits are the app's; anything else can only be a recovery code (so a mistyped app
    # code does not slow down the recovery codes, nor the other way round).
    from_app = code.isdigit() and len(code) == 6
    with transaction.atomic():
        if from_app:
            device = totp_of(user, confirmed=True)
        else:
            device = RecoveryDevice.objects.filter(user=user).first()
        if device is not None and device.verify_token(code):
            otp_login(request, device)
            return True
    return False


@transaction.atomic
def second_factor_remove(*, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryDevice.objects.filter(user=user).delete()
