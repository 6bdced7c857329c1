"""Rate limits, counted in the one cache every process and server shares.

A limit allows `attempts` per key (usually the client's address, common/client_ip.py) in a window
of `seconds` counted from the key's first attempt. The count lives in settings.CACHES["default"]:
the database cache by default (common/cache.py, whose increment two processes cannot lose), Redis
when CACHE_URL names it. An in-process cache (locmem) would give each gunicorn worker its own
count, so the limit would multiply with WEB_CONCURRENCY; the settings never choose one.

The public feedback form uses it (attendance/throttle.py); an API token's limit is another name.
Login lockouts are django-axes', kept in its own database table, keyed by the same client address.
"""

from contextlib import suppress
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str  # part of the cache key: one count per limit and key
    attempts: int
    seconds: int


def hit(limit: Limit, key: str) -> int:
    """Count one attempt of `key` and return how many there have been in the window so far
    (more than `limit.attempts`: refuse it)."""
    name = _cache_key(limit, key)
    if cache.add(name, 1, timeout=limit.seconds):  # the first attempt in the window
        return 1
    try:
        count = cache.incr(name)
    except ValueError:  # the window ended between the two
        return hit(limit, key)
    if count == 1:
        # Redis's INCR on a key that expired between its check and the increment makes a key
        # without expiry: give it one, or the address would stay counted for ever.
        cache.touch(name, timeout=limit.seconds)
    return count


def give_back(limit: Limit, key: str) -> None:
    """Uncount an attempt that turned out not to count (e.g. a form with a typo)."""
    with suppress(ValueError):  # the window already ended: nothing to give back
        cache.decr(_cache_key(limit, key))


def _cache_key(limit: Limit, key: str) -> str:
    return f"wfa:limit:{limit.name}:{key or 'unknown'}"
