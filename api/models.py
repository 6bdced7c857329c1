"""Partner systems that read the portal through /api/v1/, and their tokens.

A partner system (the city's e-presensi, the mayor's data warehouse, the province's dashboard) is
an account like a person's: its role and OPD decide what it reaches, through the same scopes and
`rules` predicates as the pages (opd/access.py). It cannot sign in to the pages: its password is
unusable, and it reads with bearer tokens that BKPSDM issues, each with an expiry, revocable.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.text import VisibleText, VisibleTextModel

TOKEN_PREFIX = "wfa_"
# secrets.token_urlsafe(32): 43 characters of [A-Za-z0-9_-], 256 random bits.
TOKEN_PATTERN = r"^wfa_[A-Za-z0-9_-]{43}$"


class ApiClient(VisibleTextModel, models.Model):
    """One partner system; its account (role, OPD) is what the access layer sees."""

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        verbose_name="akun",
    )
    name = models.CharField(
        "nama sistem", max_length=100, unique=True, help_text="Mis. e-Presensi Kota Palembang."
    )
    contact = models.CharField(
        "penanggung jawab",
        max_length=200,
        blank=True,
        help_text="Siapa yang dihubungi bila token bocor atau sistem ini berhenti dipakai.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dibuat oleh",
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "klien API"
        verbose_name_plural = "klien API"
        ordering = ["name"]
        constraints = [VisibleText(fields=["name", "contact"], name="apiclient_text_visible")]

    def __str__(self):
        return self.name


class ApiTokenQuerySet(models.QuerySet):
    def by_secret(self, secret: str):
        return self.filter(token_hash=ApiToken.digest(secret))

    def usable(self, now):
        """Neither revoked nor expired, of an account still active."""
        return self.filter(
            revoked_at__isnull=True, expires_at__gt=now, client__account__is_active=True
        )


class ApiToken(models.Model):
    """A bearer token of a partner system.

    The secret is random (256 bits), shown once to the BKPSDM admin who issues it, and stored
    only as its SHA-256: a leaked database or backup gives no working token, and a 256-bit random
    secret needs no slow hash. `prefix` (its first characters) tells tokens apart in the lists.
    Revoking keeps the row (who revoked it, when) so the lifecycle can be audited.
    """

    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, related_name="tokens", verbose_name="klien"
    )
    label = models.CharField("keterangan", max_length=100, help_text="Mis. server produksi.")
    prefix = models.CharField("awal token", max_length=12, editable=False)
    token_hash = models.CharField(
        "sidik token (SHA-256)", max_length=64, unique=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dibuat oleh",
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    expires_at = models.DateTimeField("berlaku sampai")
    revoked_at = models.DateTimeField("dicabut", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dicabut oleh",
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="api_token_revoker_only_when_revoked",
            ),
            models.CheckConstraint(
                condition=Q(token_hash__regex=r"^[0-9a-f]{64}$"), name="api_token_hash_hex"
            ),
        ]

    def __str__(self):
        return f"{self.prefix}… ({self.label})"

    @staticmethod
    def digest(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @staticmethod
    def new_secret() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def state(self, now) -> str:
        """'aktif', 'dicabut' or 'kedaluwarsa', as the token list says it."""
        if self.revoked_at is not None:
            return "dicabut"
        return "aktif" if self.expires_at > now else "kedaluwarsa"
