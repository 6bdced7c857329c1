from django.middleware.gzip import GZipMiddleware


class PageGZipMiddleware(GZipMiddleware):
    """Compress pages for slow connections, but not Excel files: an .xlsx is a zip already."""

    ALREADY_COMPRESSED = ("application/vnd.openxmlformats", "application/zip", "image/png")

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith(self.ALREADY_COMPRESSED):
            return response
        return super().process_response(request, response)
