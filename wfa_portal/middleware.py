from django.conf import settings
from django.middleware.gzip import GZipMiddleware


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
