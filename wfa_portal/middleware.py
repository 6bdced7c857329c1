from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render

from common import disk


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
