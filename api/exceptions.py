"""Refusals in Indonesian: DRF's own catalogue is left out (see INSTALLED_APPS), so the refusals
the API never words itself get their text here; its own (bad token, cursor, filter) are kept."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler

MESSAGES = {
    exceptions.NotAuthenticated: "Sertakan token: header 'Authorization: Bearer <token>'.",
    exceptions.PermissionDenied: "Lingkup klien ini tidak mencakup data tersebut.",
    exceptions.NotFound: "Tidak ditemukan, atau di luar lingkup klien ini.",
    exceptions.MethodNotAllowed: "API ini hanya untuk membaca: gunakan GET.",
    exceptions.NotAcceptable: "API ini hanya menjawab JSON.",
    exceptions.UnsupportedMediaType: "Kirim JSON (application/json).",
    exceptions.Throttled: "Terlalu banyak permintaan dengan token ini; coba lagi dalam 60 detik.",
}


def indonesian(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    for kind, message in MESSAGES.items():
        if response is not None and isinstance(exc, kind):
            response.data = {"detail": message}
    return response
