"""gunicorn settings of the portal: `gunicorn -c gunicorn.conf.py wfa_portal.wsgi`.

Sized for the check-in peak (every employee within the same morning hour) on a small app server:
two processes per core, each with a few threads, so a request waiting on PostgreSQL does not hold
up the next one. Each thread keeps its own database connection (CONN_MAX_AGE in production), so
one server opens at most WEB_CONCURRENCY x GUNICORN_THREADS connections: size PostgreSQL's
max_connections (or the pooler) for all app servers together. Every value can be set from the
environment; the defaults are the ones the bench measures (tests/bench/load.py).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND") or "0.0.0.0:8000"
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count())
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
# A request slower than this is killed and logged: the slowest page served at once (a large
# OPD's plan PDF) takes about 20 s at 100,000 staff; the city's documents are background jobs.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Behind a load balancer that reuses connections: longer than its idle timeout is not needed.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then (staggered) so a slow leak in a library cannot grow for weeks.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# One copy of the code in memory for all workers; no database connection is opened before fork.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
