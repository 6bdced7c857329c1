"""The write endpoints' body: one JSON object, small, read with a ceiling.

DRF's JSONParser reads the whole stream before parsing and words its refusals in English. Here the
stream is read up to `WFA_API_MAX_BODY_BYTES` and one byte more: a longer body is refused with 413
before anything is parsed (a declared Content-Length over the limit is refused without reading),
and a body that is not JSON, or not one object, is 400 in Indonesian. Nothing is written either
way: the view never runs.
"""

import json

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _too_large(limit: int) -> BodyTooLarge:
    return BodyTooLarge(f"Isi permintaan terlalu besar (paling banyak {limit:,} bita).")


class LimitedJSONParser(JSONParser):
    """One JSON object of at most WFA_API_MAX_BODY_BYTES (or the setting a subclass names),
    UTF-8."""

    limit_setting = "WFA_API_MAX_BODY_BYTES"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = getattr(settings, self.limit_setting)
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise _too_large(limit)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise _too_large(limit)
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise ParseError("Isi permintaan bukan JSON yang sah (UTF-8).") from None
        if not isinstance(data, dict):
            raise ParseError('Isi permintaan harus satu objek JSON, mis. {"nip": "..."}.')
        return data
