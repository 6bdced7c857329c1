"""System checks of the settings the leaf helpers read (registered by opd's AppConfig)."""

from django.conf import settings
from django.core import checks


def proxy_settings(app_configs=None, **kwargs) -> list:
    """Behind a load balancer without WFA_TRUSTED_PROXIES every visitor has the balancer's
    address: the feedback limit and the login lockout would then count the whole public as one."""
    if settings.WFA_BEHIND_PROXY and not settings.WFA_TRUSTED_PROXIES:
        return [
            checks.Warning(
                "DJANGO_BEHIND_PROXY=true tetapi WFA_TRUSTED_PROXIES kosong: X-Forwarded-For "
                "diabaikan, sehingga semua pengunjung terhitung dengan alamat proxy.",
                hint="Isi WFA_TRUSTED_PROXIES dengan alamat atau jaringan load balancer, mis. "
                "10.0.0.5 atau 10.0.0.0/24 (README, bagian Production).",
                id="wfa.W001",
            )
        ]
    return []


PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def shared_cache(app_configs=None, **kwargs) -> list:
    """Rate limits are counted in the default cache (common/limits.py): one kept in each process
    would multiply every limit by the number of gunicorn workers and servers."""
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return [
            checks.Warning(
                "CACHE_URL memilih cache per proses: batas laju (masukan masyarakat) terhitung "
                "terpisah di setiap proses gunicorn, sehingga batasnya berlipat.",
                hint="Hapus CACHE_URL (cache basis data, bawaan) atau arahkan ke Redis, mis. "
                "redis://127.0.0.1:6379/1.",
                id="wfa.W002",
            )
        ]
    return []
