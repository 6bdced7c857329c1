from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware as BaseMessageMiddleware
from django.middleware import locale
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from simple_history.middleware import HistoryRequestMiddleware as BaseHistoryRequestMiddleware

from common import disk


def lean_paths() -> frozenset[str]:
    """The paths of settings.WFA_LEAN_VIEWS (a name the URLconf lacks is left out)."""
    paths = set()
    for name in settings.WFA_LEAN_VIEWS:
        try:
            paths.add(reverse(name))
        except NoReverseMatch:
            continue
    return frozenset(paths)


class LeanPathsMixin:
    """Not run for the views of settings.WFA_LEAN_VIEWS: the check-in phone's JSON post, sent by
    every employee within the same half hour (issue #28). What the subclasses do there is of no
    use to it: it speaks one language (the locale's), answers JSON that no browser renders
    (CSP), shows no message (messages) and writes no model with a history (simple_history).
    Every check (session, user, second factor, lockout, the view's own) still runs."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.lean = lean_paths()

    def __call__(self, request):
        if request.path_info in self.lean:
            return self.get_response(request)
        return super().__call__(request)


class LocaleMiddleware(LeanPathsMixin, locale.LocaleMiddleware):
    pass


class CSPMiddleware(LeanPathsMixin, BaseCSPMiddleware):
    pass


class MessageMiddleware(LeanPathsMixin, BaseMessageMiddleware):
    pass


def HistoryRequestMiddleware(get_response):  # noqa: N802 (a middleware factory, named as one)
    """simple_history's, skipped for settings.WFA_LEAN_VIEWS as LeanPathsMixin's."""
    full = BaseHistoryRequestMiddleware(get_response)
    lean = lean_paths()

    def middleware(request):
        if request.path_info in lean:
            return get_response(request)
        return full(request)

    return middleware


class PageGZipMiddleware(GZipMiddleware):
    """Compress pages for slow connections, but not Excel files: an .xlsx is a zip already."""

    ALREADY_COMPRESSED = ("application/vnd.openxmlformats", "application/zip", "image/png")

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith(self.ALREADY_COMPRESSED):
            return response
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Tells the browser which powerful features pages may use: none, except that the check-in
    pages (settings.WFA_GEOLOCATION_VIEWS) may ask for the phone's location. A page injected by
    an attacker elsewhere in the portal can then never read anyone's position."""

    DENIED = (
        "accelerometer",
        "camera",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self.closed = ", ".join(f"{name}=()" for name in (*self.DENIED, "geolocation"))
        self.check_in = ", ".join([*(f"{name}=()" for name in self.DENIED), "geolocation=(self)"])

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        allowed = match is not None and match.view_name in settings.WFA_GEOLOCATION_VIEWS
        response.headers.setdefault("Permissions-Policy", self.check_in if allowed else self.closed)
        return response


class StorageFaultMiddleware:
    """A fault of the server's disk that a page did not expect: 503 with the reason, never a 500.

    The pages that write files answer their own faults (common.disk.DiskFault) with their form
    and the message; this is the net under everything else: a DiskFault, or an OSError of the
    storage itself (full, missing folder, no permission, read-only), logged once here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OSError) and exception.errno in disk.STORAGE:
            exception = disk.fault(exception, "permintaan ini")
        if not isinstance(exception, disk.DiskFault):
            return None
        disk.forget(exception)  # the half-written file's writers, without their complaints
        response = render(request, "503.html", {"message": str(exception)}, status=503)
        response["Retry-After"] = "300"
        return response
