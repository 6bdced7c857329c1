from opd.disclosure import reads_of
from readlog.services import reads_record


class ReadLogMiddleware:
    """Writes the read log for pages that noted whose personal data they showed.

    Only a successful response counts (status below 400): a refused page showed nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if reads_of(request) and response.status_code < 400 and request.user.is_authenticated:
            reads_record(request=request)
        return response
