from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
