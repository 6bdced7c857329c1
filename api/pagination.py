"""Cursor pagination with a stable order (the primary key) and signed cursors.

A cursor says where the next page starts (the last row's key). It is signed with the portal's
secret and bound to its endpoint, so a cursor edited by hand, or carried to another endpoint, is
refused with 400 instead of being read: a caller cannot page from a key it made up.
"""

from django.core import signing
from rest_framework.exceptions import ParseError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.utils.urls import replace_query_param

SALT = "api.cursor"
BAD_CURSOR = "Kursor halaman tidak sah: gunakan tautan 'next' atau 'previous' apa adanya."


class SignedCursorPagination(CursorPagination):
    ordering = "pk"  # unique and never changes: no row is skipped or repeated between pages
    page_size = 100
    page_size_query_param = "limit"
    max_page_size = 500
    cursor_query_param = "cursor"

    def _salt(self, request) -> str:
        return f"{SALT}:{request.path}"

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            data = signing.loads(encoded, salt=self._salt(request))
            offset, reverse, position = data
            offset, reverse = int(offset), bool(reverse)
            if not 0 <= offset <= self.offset_cutoff:
                raise ValueError
            position = None if position is None else str(position)
        except (signing.BadSignature, TypeError, ValueError):
            raise ParseError(BAD_CURSOR) from None
        return Cursor(offset=offset, reverse=reverse, position=position)

    def encode_cursor(self, cursor):
        data = [cursor.offset, int(cursor.reverse), cursor.position]
        encoded = signing.dumps(data, salt=self._salt(self.request), compress=True)
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ParseError(f"'limit' harus bilangan 1 sampai {self.max_page_size}.")
        return int(raw)
