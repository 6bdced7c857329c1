"""Per-token rate limit, counted in the shared cache (common/limits.py) like every other limit."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from api.models import ApiToken
from common.limits import Limit, hit

WINDOW_SECONDS = 60


def token_limit() -> Limit:
    return Limit("api-token", settings.WFA_API_REQUESTS_PER_MINUTE, WINDOW_SECONDS)


class TokenRateThrottle(BaseThrottle):
    """At most WFA_API_REQUESTS_PER_MINUTE requests per token per minute; then 429 with
    Retry-After. Counted per token, not per address: a partner behind one NAT keeps its own."""

    def allow_request(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return True
        limit = token_limit()
        return hit(limit, str(request.auth.pk)) <= limit.attempts

    def wait(self):
        return WINDOW_SECONDS
