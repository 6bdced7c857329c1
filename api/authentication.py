"""Bearer tokens for /api/v1/: `Authorization: Bearer wfa_...`."""

import re

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api.models import TOKEN_PATTERN, ApiToken

SECRET = re.compile(TOKEN_PATTERN)
REFUSED = "Token tidak dikenal, sudah dicabut atau kedaluwarsa."


class BearerTokenAuthentication(BaseAuthentication):
    """The token's client account becomes request.user: the access layer sees its role and OPD.

    A request without an Authorization header is anonymous (401 from the permission); a
    malformed, unknown, revoked or expired token, or one of a deactivated account, is 401 with
    one message, so a caller learns nothing about which tokens exist.
    """

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Tulis header sebagai 'Authorization: Bearer <token>'.")
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(REFUSED) from None
        if not SECRET.fullmatch(secret):
            raise AuthenticationFailed(REFUSED)
        token = (
            ApiToken.objects.by_secret(secret)
            .usable(timezone.now())
            .select_related("client__account")
            .first()
        )
        if token is None:
            raise AuthenticationFailed(REFUSED)
        return token.client.account, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Token dari BKPSDM (wfa_...)"}
