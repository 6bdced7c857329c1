"""A rate limit per client address for the public feedback form, kept in Django's cache.

Each address may send `FEEDBACK_RATE_LIMIT = (attempts, seconds)` (default 5 an hour, counted
from its first attempt). The count lives in the default cache: with several app servers that cache
must be shared (Redis), or each server keeps its own count and the limit multiplies.
"""

from contextlib import suppress

from django.conf import settings
from django.core.cache import cache

from common.client_ip import client_ip

DEFAULT_LIMIT = (5, 3600)


def _limit() -> tuple[int, int]:
    return getattr(settings, "FEEDBACK_RATE_LIMIT", DEFAULT_LIMIT)


def refusal_text() -> str:
    attempts, seconds = _limit()
    return (
        f"Terlalu banyak masukan dari alamat jaringan Anda: paling banyak {attempts} dalam "
        f"{max(1, seconds // 60)} menit. Tidak ada yang disimpan; silakan coba lagi nanti."
    )


class Attempt:
    """One POST from an address, counted as it arrives (atomic in the cache)."""

    def __init__(self, request):
        attempts, seconds = _limit()
        self.key = f"wfa:feedback-rate:{client_ip(request) or 'unknown'}"
        cache.add(self.key, 0, timeout=seconds)
        try:
            count = cache.incr(self.key)
        except ValueError:  # expired between add() and incr()
            cache.set(self.key, 1, timeout=seconds)
            count = 1
        self.allowed = count <= attempts

    def give_back(self) -> None:
        with suppress(ValueError):  # already expired: nothing to give back
            cache.decr(self.key)
