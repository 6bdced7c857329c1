"""The portal's address as its users reach it (WFA_SITE_URL): every link that leaves the portal
(notification emails, the daily digest, QR codes on printed cards) is built here.

Never from a request: the task worker that sends an email has none, and a page may be reached
under an internal name the reader of an email cannot use.
"""

from django.conf import settings


def site_url(path: str = "/") -> str:
    """`path` (e.g. "/laporan/") as an absolute address on the configured site."""
    base = settings.WFA_SITE_URL.rstrip("/")
    return f"{base}/{(path or '/').lstrip('/')}"
