"""Single sign-on through OpenID Connect (mozilla-django-oidc): a person signs in with the
pemda's provider (e.g. Keycloak, "ASN Digital") and lands on their own account, matched by the
NIP the provider sends in a claim (WFA_OIDC_NIP_CLAIM). Never a new account: an unknown NIP is
told so. Authorization code flow with PKCE; the ID token's signature (the provider's JWKS),
issuer, audience (our client id) and nonce are checked, the state once only (the library keeps
it in the session and drops it when used).
"""

import logging
import re

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from opd.models import User

LOGGER = logging.getLogger(__name__)
NIP = re.compile(r"^[0-9]{18}$")
REFUSAL = "_sso_refusal"
FAILED = "Masuk dengan SSO gagal. Coba lagi, atau hubungi BKPSDM bila terus terjadi."


def enabled() -> bool:
    return bool(settings.WFA_OIDC_ISSUER)


class NipBackend(OIDCAuthenticationBackend):
    """Finds the account whose staff record has the NIP of the provider's claim."""

    def _refuse(self, reason: str):
        setattr(self.request, REFUSAL, reason)
        LOGGER.warning("SSO refused: %s", reason)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.WFA_OIDC_AUDIENCE not in audiences:
            self._refuse("Token SSO bukan untuk portal ini (audience salah).")
            return None
        if payload.get("iss") != settings.WFA_OIDC_ISSUER:
            self._refuse("Token SSO berasal dari penerbit lain.")
            return None
        return payload

    def verify_claims(self, claims):
        nip = claims.get(settings.WFA_OIDC_NIP_CLAIM)
        if not nip:
            self._refuse(
                f"Penyedia SSO tidak mengirim NIP (klaim '{settings.WFA_OIDC_NIP_CLAIM}'). "
                "Hubungi pengelola SSO atau BKPSDM."
            )
            return False
        if not isinstance(nip, str) or not NIP.fullmatch(nip):
            self._refuse("NIP dari penyedia SSO tidak berformat 18 angka. Hubungi BKPSDM.")
            return False
        return True

    def filter_users_by_claims(self, claims):
        nip = claims[settings.WFA_OIDC_NIP_CLAIM]
        users = User.objects.filter(employee__nip=nip, is_active=True, api_client__isnull=True)
        if not users:
            self._refuse(
                f"NIP {nip} belum terhubung ke akun portal. Hubungi BKPSDM untuk dibuatkan "
                "akun; portal tidak membuat akun sendiri dari SSO."
            )
        return users

    def describe_user_by_claims(self, claims):
        return f"NIP {claims.get(settings.WFA_OIDC_NIP_CLAIM)}"


class SignInStart(OIDCAuthenticationRequestView):
    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)


class SignInCallback(OIDCAuthenticationCallbackView):
    """The provider's answer; a refusal goes back to the login page with its reason."""

    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)

    def login_failure(self):
        messages.error(self.request, getattr(self.request, REFUSAL, FAILED))
        return redirect("login")
