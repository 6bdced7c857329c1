from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse

from signin.second_factor import is_enrolled, required_for

# Reachable before the second factor: its own pages, signing out, static files and the API
# (partner systems read with tokens, not sessions).
EXEMPT = ("/akun/", "/keluar/", "/static/", "/api/", "/admin/logout/", "/masuk/")


class SecondFactorMiddleware:
    """A signed-in account that must confirm its sign-in (BKPSDM; any staff account in the
    Django admin) and has not in this session is sent to confirm it, or to set it up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT)
            and not user.is_verified()
            and self._required(request, user)
        ):
            target = "signin:verify" if is_enrolled(user) else "signin:security"
            return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @staticmethod
    def _required(request, user) -> bool:
        from django.conf import settings

        if not settings.WFA_2FA_REQUIRED:
            return False
        return required_for(user) or (request.path.startswith("/admin/") and user.is_staff)
