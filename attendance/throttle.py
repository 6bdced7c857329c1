"""The public feedback form's rate limit per client address (common/limits.py).

Each address may send `FEEDBACK_RATE_LIMIT = (attempts, seconds)` (default 5 an hour, counted
from its first attempt), in the cache every app process and server shares.
"""

from django.conf import settings

from common import limits
from common.client_ip import client_ip

DEFAULT_LIMIT = (5, 3600)


def _limit() -> limits.Limit:
    attempts, seconds = getattr(settings, "FEEDBACK_RATE_LIMIT", DEFAULT_LIMIT)
    return limits.Limit("feedback", attempts, seconds)


def refusal_text() -> str:
    limit = _limit()
    return (
        f"Terlalu banyak masukan dari alamat jaringan Anda: paling banyak {limit.attempts} dalam "
        f"{max(1, limit.seconds // 60)} menit. Tidak ada yang disimpan; silakan coba lagi nanti."
    )


class Attempt:
    """One POST from an address, counted as it arrives."""

    def __init__(self, request):
        self.limit, self.address = _limit(), client_ip(request)
        self.allowed = limits.hit(self.limit, self.address) <= self.limit.attempts

    def give_back(self) -> None:
        limits.give_back(self.limit, self.address)
