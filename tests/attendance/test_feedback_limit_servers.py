"""The feedback rate limit holds across app processes: two gunicorn servers, one shared store.

Each server runs the repo's gunicorn.conf.py against this test database with the default cache
(the database cache): what one process counts, the other sees. 300 POSTs from one client, sent
in parallel to both servers, half of them with a made-up X-Forwarded-For: at most the limit is
accepted. Then the same through our proxy (WFA_TRUSTED_PROXIES=127.0.0.2; the client connects
from that address): the address the proxy appended counts, whatever the client wrote before it.
"""

import http.client
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

from attendance.models import ServiceFeedback
from attendance.throttle import DEFAULT_LIMIT
from tests.bench.load_servers import free_port, wait_ready

ROOT = Path(settings.BASE_DIR)
PROXY = "127.0.0.2"  # on Linux every 127.x address is the loopback: the client can be the proxy
LIMIT, _ = DEFAULT_LIMIT
FORM = "/masukan/pkm-makrayu/"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the servers share the test database, which SQLite keeps in this process's memory",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_the_limit_holds_across_two_servers_with_and_without_our_proxy(unit_a):
    with servers(2) as ports:
        token, cookie = _form_token(ports[0])

        def post(index, source="127.0.0.1", forwarded=None):
            headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
            if forwarded:
                headers["X-Forwarded-For"] = forwarded
            body = urlencode({"csrfmiddlewaretoken": token, "rating": "5", "comment": "Uji"})
            conn = http.client.HTTPConnection(
                "127.0.0.1", ports[index % 2], timeout=30, source_address=(source, 0)
            )
            try:
                conn.request("POST", FORM, body=body, headers=headers)
                return conn.getresponse().status
            finally:
                conn.close()

        with ThreadPoolExecutor(max_workers=8) as pool:
            direct = list(
                pool.map(
                    lambda i: post(i, forwarded=f"36.{i % 250}.{i // 250}.9" if i % 2 else None),
                    range(300),
                )
            )
            proxied = list(
                pool.map(lambda i: post(i, PROXY, f"36.{i % 250}.1.1, 36.71.2.3"), range(300))
            )
            other = [post(i, PROXY, "36.71.9.9") for i in range(LIMIT + 2)]

    assert set(direct) | set(proxied) | set(other) <= {302, 429}, (direct, proxied, other)
    assert direct.count(302) == LIMIT  # spoofed headers from a client are nobody's word
    assert proxied.count(302) == LIMIT  # behind our proxy the client is the address it saw
    assert other.count(302) == LIMIT  # ... and another citizen behind it has their own quota
    assert ServiceFeedback.objects.count() == 3 * LIMIT


def _form_token(port: int) -> tuple[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", FORM)
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    conn.close()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1], cookie


@contextmanager
def servers(count: int):
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WFA_", "CACHE"))}
    env |= {
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "limit-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "WFA_TRUSTED_PROXIES": PROXY,
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "4",
    }
    ports = [free_port() for _ in range(count)]
    with tempfile.NamedTemporaryFile("w+", prefix="limit-servers-", suffix=".log") as log:
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wfa_portal.wsgi"],
                cwd=ROOT,
                env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=log,
                stderr=log,
            )
            for port in ports
        ]
        try:
            for port in ports:
                wait_ready(port, procs, log.name)
            yield ports
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=30)
