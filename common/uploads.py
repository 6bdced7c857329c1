"""Uploads are kept in memory, never in a temporary file on the server's disk.

Django writes an upload above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) to a temporary file while the
request is read, before any view runs: with a full disk that write failed inside the CSRF check
and the page was a 500. The portal's only upload is a staff workbook of at most
WFA_IMPORT_MAX_BYTES, so this handler keeps up to that (and one byte more) in memory and only
counts the rest: the upload's `size` stays true, and common.xlsx_safety.read_limited refuses it
by that size with its usual message.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class BoundedMemoryUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.kept, self.size = io.BytesIO(), 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        # The largest upload any page takes: a staff workbook or a machine's month of punches.
        limit = max(settings.WFA_IMPORT_MAX_BYTES, settings.WFA_DEVICE_LOG_MAX_BYTES)
        room = limit + 1 - self.kept.tell()
        if room > 0:
            self.kept.write(raw_data[:room])
        return None  # this handler is the last: nothing is passed on

    def file_complete(self, file_size):
        self.kept.seek(0)
        return InMemoryUploadedFile(
            file=self.kept,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
