"""TOTP devices (django-otp) and recovery codes: set up, confirmed, checked at sign-in.

A user has at most one TOTP device (an authenticator app) and one static device holding the
recovery codes. A device is created unconfirmed by a POST, shown as a QR code made here
(segno, no outside service), and confirmed by the first code the app shows.
"""

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opd.access import allowed

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
    """Ten new single-use codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Kode pemulihan", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def verify(*, request, code: str) -> bool:
    """Check a code from the app, else a recovery code (used up); on success the session is
    verified. Each device throttles its own failures (django-otp: growing delays)."""
    code = "".join(code.split())
    user = request.user
    with transaction.atomic():
        for device in [
            totp_of(user, confirmed=True),
            StaticDevice.objects.filter(user=user).first(),
        ]:
            if device is not None and device.verify_token(code):
                otp_login(request, device)
                return True
    return False


@transaction.atomic
def second_factor_remove(*, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
