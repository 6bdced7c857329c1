from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class LoginForm(AuthenticationForm):
    """Django's login form with messages written for this portal.

    Django's own Indonesian text repeats the field label ("nama pengguna nama pengguna").
    """

    error_messages = {
        "invalid_login": (
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil, lalu coba lagi."
        ),
        "inactive": "Akun ini tidak aktif. Hubungi BKPSDM.",
    }

    username = forms.CharField(
        label="Nama pengguna",
        max_length=150,
        error_messages={"required": "Isi nama pengguna."},
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Isi kata sandi."},
    )

    @property
    def sso_label(self) -> str:
        """The provider's name for the SSO button, or "" when single sign-on is off."""
        return settings.WFA_OIDC_LABEL if settings.WFA_OIDC_ISSUER else ""

    def confirm_login_allowed(self, user):
        """With SSO on, a local password is a break-glass for the roles that keep one."""
        super().confirm_login_allowed(user)
        if settings.WFA_OIDC_ISSUER and user.role not in settings.WFA_PASSWORD_LOGIN_ROLES:
            raise ValidationError(
                f"Akun Anda masuk lewat {self.sso_label}: pilih 'Masuk dengan {self.sso_label}'.",
                code="sso_only",
            )
