"""The client's address, for login lockouts and the public feedback rate limit."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind our load balancer the address it appended to X-Forwarded-For.

    Only the last hop is trusted: earlier entries are whatever the client chose to send.
    """
    if settings.WFA_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
