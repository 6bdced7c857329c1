"""Refusals in Indonesian: DRF's own catalogue is left out (see INSTALLED_APPS), so the refusals
the API never words itself get their text here; its own (bad token, cursor, filter, body) are
kept, and so is a service's refusal in its own words (Django's PermissionDenied with a message)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler

MESSAGES = {
    exceptions.NotAuthenticated: "Sertakan token: header 'Authorization: Bearer <token>'.",
    exceptions.PermissionDenied: "Lingkup klien ini tidak mencakup data tersebut.",
    exceptions.NotFound: "Tidak ditemukan, atau di luar lingkup klien ini.",
    exceptions.NotAcceptable: "API ini hanya menjawab JSON.",
    exceptions.UnsupportedMediaType: "Kirim JSON (application/json).",
    exceptions.Throttled: "Terlalu banyak permintaan dengan token ini; coba lagi dalam 60 detik.",
}


def _methods(view) -> str:
    allowed = [m for m in getattr(view, "allowed_methods", ()) if m not in ("HEAD", "OPTIONS")]
    return " atau ".join(allowed) or "GET"


def indonesian(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        said = " ".join(str(arg) for arg in exc.args if arg)
        exc = exceptions.PermissionDenied(said or MESSAGES[exceptions.PermissionDenied])
        return exception_handler(exc, context)
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.MethodNotAllowed):
        response.data = {"detail": f"Alamat ini hanya menerima {_methods(context.get('view'))}."}
    for kind, message in MESSAGES.items():
        if response is not None and isinstance(exc, kind):
            response.data = {"detail": message}
    return response
