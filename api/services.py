"""Partner systems and their tokens: BKPSDM creates a client, issues and revokes its tokens."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from api.models import ApiClient, ApiToken
from opd.models import Role, User

# Roles a partner system may have: it reads a city's or one OPD's data, never as an employee.
CLIENT_ROLES = (Role.BKPSDM, Role.MAYOR, Role.HEAD)
MAX_TOKEN_DAYS = 365


@transaction.atomic
def api_client_create(*, name: str, role: str, opd=None, contact: str = "", by) -> ApiClient:
    """A partner system and its account. The account cannot sign in to the pages (no usable
    password) and is not a person: the inbox leaves it out of notifications."""
    if role not in CLIENT_ROLES:
        raise ValidationError(
            {"role": "Peran klien API harus BKPSDM, Kantor Wali Kota atau Kepala OPD."}
        )
    if role == Role.HEAD and opd is None:
        raise ValidationError({"opd": "Klien dengan lingkup satu OPD wajib memilih OPD-nya."})
    if role != Role.HEAD:
        opd = None
    username = f"api-{slugify(name)[:100]}"
    if User.objects.filter(username=username).exists():
        raise ValidationError({"name": "Nama ini sudah dipakai akun lain; pilih nama lain."})
    account = User(username=username, role=role, opd=opd, first_name=name[:150])
    account.set_unusable_password()
    account.full_clean(exclude=["password"])
    account.save()
    client = ApiClient(account=account, name=name, contact=contact, created_by=by)
    client.full_clean(exclude=["account"])
    client.save()
    return client


@transaction.atomic
def api_token_issue(*, client: ApiClient, label: str, days: int, by) -> tuple[ApiToken, str]:
    """A new token for `client`, valid `days` days; returns the row and the secret, which is
    shown once and never stored."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError({"days": f"Masa berlaku 1 sampai {MAX_TOKEN_DAYS} hari."})
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        client=client,
        label=label,
        prefix=secret[:12],
        token_hash=ApiToken.digest(secret),
        created_by=by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> bool:
    """Revoke at once (the next request with it is refused); False if it already was."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    return bool(updated)
