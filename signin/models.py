"""Recovery codes kept as salted hashes.

django-otp's static device keeps its codes in plain text (and makes them of 40 random bits): a
copy of the database would hand out every administrator's way past the second factor. Here each
code is 80 random bits, shown once, and stored only as an HMAC-SHA-256 under its own random salt;
a code typed at sign-in is compared with every stored one in constant time, and used up. 80 bits
make a fast hash enough: no one tries 2^80 guesses against a copy.

`RecoveryDevice` is a django-otp device (so `otp_login` and the session's verification work as
for the TOTP device), throttled like the static device it replaces. The codes that were stored in
plain text were moved here, hashed, by migration 0002 (`migrated`): they keep working, and the
security page asks their owner to make new, longer ones.
"""

import hashlib
import hmac
import secrets
from base64 import b32encode

from django.conf import settings
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

CODE_BYTES = 10  # 80 bits: 16 base32 characters


def new_code() -> str:
    """'abcd-efgh-ijkl-mnop': 16 base32 characters in groups of four (lower case)."""
    raw = b32encode(secrets.token_bytes(CODE_BYTES)).decode().lower()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalised(code: str) -> str:
    """What a person types, as stored: no spaces or dashes, lower case."""
    return "".join(code.split()).replace("-", "").lower()


def digest(salt: str, code: str) -> str:
    return hmac.new(salt.encode(), normalised(code).encode(), hashlib.sha256).hexdigest()


class RecoveryDevice(TimestampMixin, ThrottlingMixin, Device):
    """The recovery codes of one account (at most one device per account)."""

    migrated = models.BooleanField(
        "dipindahkan dari penyimpanan lama",
        default=False,
        help_text="Kode lama (teks biasa, 40 bit) yang kini disimpan sebagai hash; pemiliknya "
        "diminta membuat kode baru.",
    )

    class Meta:
        verbose_name = "kode pemulihan"
        verbose_name_plural = "kode pemulihan"
        constraints = [models.UniqueConstraint(fields=["user"], name="one_recovery_device")]

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        """Use up the code that matches (compared with each stored one in constant time)."""
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        match = None
        for code in self.codes.select_for_update():
            if hmac.compare_digest(code.digest, digest(code.salt, str(token))):
                match = code  # no early exit: every stored code costs the same
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryDevice, on_delete=models.CASCADE, related_name="codes")
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = "kode pemulihan (hash)"
        verbose_name_plural = "kode pemulihan (hash)"

    def __str__(self):
        return f"kode pemulihan {self.pk} ({self.device.user})"

    @classmethod
    def of(cls, device: RecoveryDevice, code: str) -> "RecoveryCode":
        salt = secrets.token_hex(16)
        return cls(device=device, salt=salt, digest=digest(salt, code))
