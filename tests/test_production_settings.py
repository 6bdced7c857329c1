"""The settings as production runs them (DJANGO_DEBUG=false), each in a fresh Python process.

Settings are read once at import, so a subprocess is the only honest way to see another
environment. The variables below are the production block of .env.example.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
    "DJANGO_ALLOWED_HOSTS": "wfa.palembang.go.id",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://wfa.palembang.go.id",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/wfa_portal",
    "DJANGO_CONN_MAX_AGE": "60",
    "DJANGO_BEHIND_PROXY": "true",
    "WFA_TRUSTED_PROXIES": "10.0.0.5",
    "DJANGO_LOG_LEVEL": "INFO",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def run(*args, **env):
    """Run `python *args` from the project root with only PATH/HOME and `env` from the outside.

    The developer's own DJANGO_* or DATABASE_URL must not leak into what production would see.
    """
    clean = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"


def test_production_refuses_to_start_without_a_secret_key():
    dot_env = BASE_DIR / ".env"
    if dot_env.exists() and "DJANGO_SECRET_KEY" in dot_env.read_text():
        pytest.skip(".env sets DJANGO_SECRET_KEY, so it cannot be missing here")
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}

    result = run("manage.py", "check", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the DJANGO_SECRET_KEY environment variable" in result.stderr


def test_production_serves_compressed_static_files_and_secure_cookies_only():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({"
        "'storage': s.STORAGES['staticfiles']['BACKEND'], "
        "'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE, "
        "'hsts': s.SECURE_HSTS_SECONDS, 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
        "'cache': s.CACHES['default']['BACKEND'], 'debug': s.DEBUG}))"
    )

    result = run("-c", script, DJANGO_SETTINGS_MODULE="wfa_portal.settings", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert seen["session_secure"] is True
    assert seen["csrf_secure"] is True
    assert seen["hsts"] >= 31536000
    assert seen["ssl_redirect"] is True
    assert seen["cache"] == "django.core.cache.backends.redis.RedisCache"  # shared by all servers
    assert seen["debug"] is False


def test_without_a_cache_url_every_process_counts_limits_in_the_database():
    """The rate limits' store is shared by default: the database cache, never per process."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "CACHE_URL"}
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'])"
    )

    result = run("-c", script, DJANGO_SETTINGS_MODULE="wfa_portal.settings", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "common.cache.DatabaseCache"


DATABASE_SCRIPT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'age': db['CONN_MAX_AGE'], 'health': db['CONN_HEALTH_CHECKS']}))"
)


def test_production_keeps_database_connections_and_checks_them():
    """The check-in peak needs persistent connections: connecting per request costs as much
    server time as the check-in itself. Unset, production keeps them a minute."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_CONN_MAX_AGE"}

    result = run("-c", DATABASE_SCRIPT, DJANGO_SETTINGS_MODULE="wfa_portal.settings", **env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"age": 60, "health": True}


def test_development_closes_database_connections_after_each_request():
    result = run("-c", DATABASE_SCRIPT, DJANGO_SETTINGS_MODULE="wfa_portal.settings")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"age": 0, "health": True}


def test_the_gunicorn_configuration_reads_its_environment():
    """gunicorn.conf.py is what the README's production command runs: threads, timeouts and
    the address come from it, overridable per server."""
    result = run(
        "-m",
        "gunicorn",
        "--print-config",
        "-c",
        "gunicorn.conf.py",
        "wfa_portal.wsgi",
        GUNICORN_BIND="127.0.0.1:8123",
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="2",
    )

    assert result.returncode == 0, result.stderr
    seen = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }
    assert seen["bind"] == "['127.0.0.1:8123']"
    assert (seen["workers"], seen["threads"], seen["worker_class"]) == ("3", "2", "gthread")
    assert (seen["timeout"], seen["graceful_timeout"], seen["preload_app"]) == ("60", "30", "True")


def site_url_under(**env) -> str:
    result = run("-c", "from wfa_portal import settings; print(settings.WFA_SITE_URL)", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_email_links_default_to_what_make_run_serves():
    dot_env = BASE_DIR / ".env"
    if dot_env.exists() and "WFA_SITE_URL" in dot_env.read_text():
        pytest.skip(".env sets WFA_SITE_URL, which rightly wins over make run's address")
    assert site_url_under() == "http://127.0.0.1:8000"  # make run's own default
    printed = subprocess.run(
        ["make", "-n", "run", "HOST=localhost", "PORT=8011"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert printed.count("WFA_RUN_URL=http://localhost:8011 ") == 2  # the worker and the server
    assert site_url_under(WFA_RUN_URL="http://localhost:8011") == "http://localhost:8011"
    configured = {"WFA_RUN_URL": "http://localhost:8011", "WFA_SITE_URL": "https://wfa.go.id"}
    assert site_url_under(**configured) == "https://wfa.go.id"


def test_behind_pgbouncer_nothing_outlives_a_transaction():
    """WFA_DB_POOLER=pgbouncer: no server-side cursors, no prepared statements (docs/scaling.md)."""
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(json.dumps([d.get('DISABLE_SERVER_SIDE_CURSORS'), "
        "d.get('OPTIONS', {}).get('prepare_threshold', 'unset')]))"
    )
    env = PRODUCTION_ENV | {"DATABASE_URL": "postgres://postgres@127.0.0.1:6432/wfa_portal"}
    behind = run(
        "-c", script, DJANGO_SETTINGS_MODULE="wfa_portal.settings", WFA_DB_POOLER="pgbouncer", **env
    )
    direct = run("-c", script, DJANGO_SETTINGS_MODULE="wfa_portal.settings", **env)
    assert json.loads(behind.stdout) == [True, None], behind.stderr
    assert json.loads(direct.stdout) == [None, "unset"], direct.stderr
