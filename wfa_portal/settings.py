"""Settings of the WFA Portal, read from the environment (see .env.example).

Without DATABASE_URL the portal runs on a SQLite file in the project root, so `make run` needs
nothing but Python and Node.js; production sets DATABASE_URL to PostgreSQL.
"""

import tempfile
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from common.client_ip import trusted_networks

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-dev-only-key-never-use-in-production" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Not "rest_framework": its Indonesian catalogue would override Django's own form messages
    # ("Bidang ini tidak boleh kosong."), and the API needs none of its templates or models.
    "drf_spectacular",
    # Swagger UI and Redoc as static files from a pip package: the API docs load nothing from a CDN.
    "drf_spectacular_sidecar",
    "opd",
    # Second factor (TOTP and recovery codes) for BKPSDM and the Django admin; SSO (signin).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "signin",
    # Who viewed whose personal data (depends on opd only; every app notes its reads).
    "readlog",
    "jobs",
    "inbox",
    # Staff from Excel: upload, dry run, confirmation as a job (depends on opd and jobs).
    "staff_import",
    # Who is away (leave, official travel, training) and who acts for whom: left of schedules,
    # so that coverage, the planner and the grid can count them.
    "absences",
    # Who may not work flexibly, and until when (a sanction, a new appointment, a transfer, a
    # promotion): left of schedules, whose grid, planner and write path read it per day.
    "eligibility",
    "schedules",
    # Work targets (SKP: RHK and rencana aksi): left of attendance, whose outputs name them.
    "targets",
    "devicelogs",
    "attendance",
    # Retention, own-data download, the read log's pages (UU 27/2022).
    "privacy",
    # The evaluation pack of PermenPANRB 4/2025 art. 35 (reads opd, schedules, attendance).
    "evaluations",
    # What it adds up to: the dashboards, the coordination workbook and the PDFs (the design
    # card's name; the daily work reports are attendance's DailyReport).
    "reports",
    # /api/v1/ for partner systems: the same scopes, selectors and read log as the pages.
    "api",
    "demo",  # the demo city (seed_demo): builds with every app's services, so it comes last
]

# Four of these (CSP, locale, messages, history: wfa_portal/middleware.py) skip the views of
# WFA_LEAN_VIEWS below, where they would only cost CPU at the morning peak.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages for slow connections; Django's own BREACH mitigation pads the output.
    "wfa_portal.middleware.PageGZipMiddleware",
    "wfa_portal.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wfa_portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): did this session confirm its sign-in with a second factor?
    "django_otp.middleware.OTPMiddleware",
    # BKPSDM (and the Django admin) must have: sent to set it up, or to type a code.
    "signin.middleware.SecondFactorMiddleware",
    "wfa_portal.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wfa_portal.middleware.HistoryRequestMiddleware",
    # Writes the read access log for pages that showed other people's personal data.
    "readlog.middleware.ReadLogMiddleware",
    # Permissions-Policy: geolocation only on the check-in page, no camera or microphone anywhere.
    "wfa_portal.middleware.PermissionsPolicyMiddleware",
    # A disk fault no page expected becomes a 503 with the reason (common/disk.py), not a 500.
    "wfa_portal.middleware.StorageFaultMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wfa_portal.urls"
WSGI_APPLICATION = "wfa_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opd.access.may",
                "inbox.context.unread",
            ],
            # {% city %}, {% place %}, {% region %}, {% zone %}: the configured pemda, no load.
            "builtins": ["common.region"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Production keeps each worker thread's connection open for a minute: connecting costs a few ms
# of server CPU per request, which at the check-in peak is as much as the check-in itself. The
# health check (one cheap ping when a request reuses it) drops a connection the server closed.
# Development closes after each request (runserver starts a thread per request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DJANGO_CONN_HEALTH_CHECKS", default=True)
# Behind PgBouncer in transaction pooling (WFA_DB_POOLER=pgbouncer) consecutive transactions of one
# Django connection may run on different server connections, so nothing may outlive a
# transaction on the server: no server-side cursors (QuerySet.iterator() holds one open across
# transactions) and no prepared statements (Django's client-side binding prepares none; this keeps
# it so should binding change: PgBouncer 1.18 does not track them). Transaction-scoped state
# (SET LOCAL, row locks, SELECT ... FOR UPDATE) is what the portal uses and is safe there.
WFA_DB_POOLER = env.str("WFA_DB_POOLER", default="")
if WFA_DB_POOLER == "pgbouncer":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
# A streaming replica for the dashboards, exports and API reads (wfa_portal/db_router.py): set
# WFA_DB_REPLICA_URL and those reads go there, except a browser's reads for
# WFA_DB_REPLICA_PIN_SECONDS after its own write (and every read after a write in the same
# request), which stay on the primary. Unset: one database, everything as without it.
WFA_DB_REPLICA_URL = env.str("WFA_DB_REPLICA_URL", default="")
WFA_DB_REPLICA_PIN_SECONDS = env.int("WFA_DB_REPLICA_PIN_SECONDS", default=10)
# An export job (jobs.registry, reads_replica) reads from the replica only once it has replayed
# what the primary had when the job was queued; it waits this long for that, then reads the primary.
WFA_DB_REPLICA_JOB_WAIT_SECONDS = env.float("WFA_DB_REPLICA_JOB_WAIT_SECONDS", default=2.0)
WFA_DB_PIN_COOKIE = "wfa_primary"
# Views whose GETs may read from the replica: "namespace:*" or "namespace:name".
WFA_DB_REPLICA_VIEWS = env.list(
    "WFA_DB_REPLICA_VIEWS",
    default=[
        "reports:*",
        "api:*",
        "attendance:monitor",
        "attendance:monitor_partial",
        "attendance:monitor_opd",
        "attendance:monitor_opd_partial",
        "attendance:weekly",
        "attendance:week_review",
        "attendance:review_export",
        "attendance:feedback_export",
    ],
)
if WFA_DB_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(WFA_DB_REPLICA_URL) | {
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": DATABASES["default"]["CONN_HEALTH_CHECKS"],
        # Reached directly (not through PgBouncer): the exports it serves stream with
        # server-side cursors. Tests read the primary's test database through it.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["wfa_portal.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("readlog.middleware.ReadLogMiddleware") + 1,
        "wfa_portal.db_router.ReplicaMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "opd.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, its user read compiled once per process (the morning peak's taps)
    "signin.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login protection (django-axes): a username is locked for a while after repeated failures from
# one address. The pair (username, address) is the key, not the address alone, because a whole
# office reaches the portal through one shared address: one mistyping user must not lock it out.
AXES_FAILURE_LIMIT = env.int("WFA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("WFA_LOGIN_LOCKOUT_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "common.client_ip.client_ip"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
# The pemda that runs the portal (common/region.py): its name, province and time zone.
# Dates, deadlines and check-in times are all in TIME_ZONE, chosen by its Indonesian name.
WFA_CITY_NAME = env("WFA_CITY_NAME", default="Palembang")
WFA_CITY_KIND = env("WFA_CITY_KIND", default="Kota")  # Kota or Kabupaten
WFA_REGION = env("WFA_REGION", default="Sumatera Selatan")
# The code of the OPD that is BKPSDM: its head (a JPT) signs the city PDF.
WFA_BKPSDM_OPD = env("WFA_BKPSDM_OPD", default="bkpsdm")
WFA_TIME_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
WFA_TIME_ZONE = env("WFA_TIME_ZONE", default="WIB").strip().upper()
if WFA_TIME_ZONE not in WFA_TIME_ZONES:
    raise ImproperlyConfigured(
        f"WFA_TIME_ZONE harus WIB, WITA atau WIT (tertulis: {WFA_TIME_ZONE!r})."
    )
TIME_ZONE = WFA_TIME_ZONES[WFA_TIME_ZONE]
# SE MenPANRB 2/2026: public service pages point to the national complaints channel.
WFA_LAPOR_URL = env("WFA_LAPOR_URL", default="https://www.lapor.go.id")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Staff import from Excel (common/xlsx_safety.py, staff_import/views.py): limits on an upload, and
# where an upload waits between its dry run and BKPSDM's confirmation (a directory all app servers
# share when there are several).
WFA_IMPORT_MAX_BYTES = env.int("WFA_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
WFA_IMPORT_MAX_UNCOMPRESSED_BYTES = env.int(
    "WFA_IMPORT_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024
)
WFA_IMPORT_MAX_ROWS = env.int("WFA_IMPORT_MAX_ROWS", default=50_000)
WFA_IMPORT_DIR = Path(
    env("WFA_IMPORT_DIR", default=str(Path(tempfile.gettempdir()) / "wfa-portal-imports"))
)
WFA_IMPORT_TTL_SECONDS = env.int("WFA_IMPORT_TTL_SECONDS", default=30 * 60)
# Uploads stay in memory (at most WFA_IMPORT_MAX_BYTES each): a temporary file on a full disk
# failed before any view could answer (common/uploads.py).
FILE_UPLOAD_HANDLERS = ["common.uploads.BoundedMemoryUploadHandler"]

# Fingerprint / e-presensi logs (devicelogs/): a month of a city's machines is ~300,000 punches
# (~12 MB of attlog text), so its file has its own limits; the CSV/xlsx column names are data
# (devicelogs/columns.json, or this file); the office's usual hours judge punches on days
# without a shift or dynamic hours ("07:30-16:00", city time); a partner's post holds at most
# WFA_DEVICE_API_MAX_PUNCHES punches.
WFA_DEVICE_LOG_MAX_BYTES = env.int("WFA_DEVICE_LOG_MAX_BYTES", default=40 * 1024 * 1024)
WFA_DEVICE_LOG_MAX_ROWS = env.int("WFA_DEVICE_LOG_MAX_ROWS", default=600_000)
WFA_DEVICE_LOG_COLUMNS_FILE = env.str("WFA_DEVICE_LOG_COLUMNS_FILE", default="")
WFA_OFFICE_HOURS = env.str("WFA_OFFICE_HOURS", default="07:30-16:00")
WFA_DEVICE_API_MAX_PUNCHES = env.int("WFA_DEVICE_API_MAX_PUNCHES", default=5_000)
WFA_DEVICE_API_MAX_BODY_BYTES = env.int("WFA_DEVICE_API_MAX_BODY_BYTES", default=1024 * 1024)

# Personal data retention (UU 27/2022; privacy/retention.py, reasons in the README). A daily
# task applies them at WFA_PURGE_TIME (city time); `manage.py purge_personal_data` does it now.
WFA_RETAIN_COORDINATES_DAYS = env.int("WFA_RETAIN_COORDINATES_DAYS", default=90)
WFA_RETAIN_PLACES_DAYS = env.int("WFA_RETAIN_PLACES_DAYS", default=90)
WFA_RETAIN_CONTACTS_DAYS = env.int("WFA_RETAIN_CONTACTS_DAYS", default=90)
WFA_RETAIN_LOGIN_RECORDS_DAYS = env.int("WFA_RETAIN_LOGIN_RECORDS_DAYS", default=90)
WFA_RETAIN_LEAVER_HISTORY_DAYS = env.int("WFA_RETAIN_LEAVER_HISTORY_DAYS", default=5 * 365)
WFA_RETAIN_READ_LOG_DAYS = env.int("WFA_RETAIN_READ_LOG_DAYS", default=365)
WFA_RETAIN_CHECK_INS_DAYS = env.int("WFA_RETAIN_CHECK_INS_DAYS", default=5 * 365)
# Punches of fingerprint machines and e-presensi apps serve what check-ins serve: unless set,
# they follow the check-ins' period.
WFA_RETAIN_DEVICE_PUNCHES_DAYS = env.int(
    "WFA_RETAIN_DEVICE_PUNCHES_DAYS", default=WFA_RETAIN_CHECK_INS_DAYS
)
WFA_PURGE_TIME = env("WFA_PURGE_TIME", default="02:00")
# The check-in phone's JSON post, sent by every employee between 07.00 and 07.30: the
# middleware that do nothing useful for it are skipped there (wfa_portal/middleware.py).
WFA_LEAN_VIEWS = ["attendance:check_in_queued"]
# Pages that may ask the browser for its location (Permissions-Policy); every other page may not.
# The public feedback list may too, for "nearest services first" (rounded, never stored).
WFA_GEOLOCATION_VIEWS = [
    "attendance:check_in_page",
    "attendance:check_in",
    "attendance:feedback_services",
]

# Files made by background jobs (jobs app: the city workbook and PDF): where they wait for their
# download (a directory all app servers and task workers share), and for how long.
WFA_EXPORT_DIR = Path(
    env("WFA_EXPORT_DIR", default=str(Path(tempfile.gettempdir()) / "wfa-portal-exports"))
)
WFA_EXPORT_TTL_HOURS = env.float("WFA_EXPORT_TTL_HOURS", default=24)
# A running job that has not reported progress for this long is taken as dead (its worker
# crashed): it is marked failed, so it can be retried and no longer blocks the same request.
WFA_JOB_STALL_MINUTES = env.int("WFA_JOB_STALL_MINUTES", default=15)
# An OPD plan PDF for more staff than this is made in the background (a job) instead of at once.
WFA_PLAN_PDF_IMMEDIATE_MAX_STAFF = env.int("WFA_PLAN_PDF_IMMEDIATE_MAX_STAFF", default=1500)
# A target import of more clean rows than this is confirmed as a background job (with progress).
WFA_TARGET_IMPORT_IMMEDIATE_MAX_ROWS = env.int("WFA_TARGET_IMPORT_IMMEDIATE_MAX_ROWS", default=2000)

# Content-Security-Policy: only our own scripts, styles and images (no inline script, no eval):
# htmx is told not to inject styles or evaluate code (see the htmx-config meta in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws its form icons as data: SVGs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production hardening: on by default whenever DEBUG is off, each switch overridable.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# Browsers' HSTS preload list takes registrable domains only: a city's subdomain such as
# wfa.palembang.go.id can never be on it, so check --deploy's reminder (W021) is noise here.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
WFA_BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
if WFA_BEHIND_PROXY:
    # Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address (common/client_ip.py: rate limits, login lockouts, the read log) comes
# from X-Forwarded-For only on requests from these proxies (addresses or networks), counting
# this many entries from the right (one per proxy tier); from anyone else, the socket address.
WFA_TRUSTED_PROXIES = env.list("WFA_TRUSTED_PROXIES", default=[])
trusted_networks(WFA_TRUSTED_PROXIES)  # a typo stops the portal here, with the value named
WFA_TRUSTED_PROXY_HOPS = env.int("WFA_TRUSTED_PROXY_HOPS", default=1)
if WFA_TRUSTED_PROXY_HOPS < 1:
    raise ImproperlyConfigured("WFA_TRUSTED_PROXY_HOPS harus 1 atau lebih (satu per lapis proxy).")
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 10)
# Django's database sessions, their read compiled once per process (signin/sessions.py).
SESSION_ENGINE = "signin.sessions"

# The cache holds every rate limit (common/limits.py: the public feedback form, later API
# tokens), so it must be one for all processes and servers: by default the database's own cache
# table (made by a migration), or Redis with CACHE_URL=redis://127.0.0.1:6379/1. Django's
# database cache loses increments under concurrency; common.cache.DatabaseCache does not.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://wfa_cache")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    CACHES["default"]["BACKEND"] = "common.cache.DatabaseCache"
    # Culling (a third of the entries once there are more) would forget addresses' counts.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 100_000)

# Email (notifications and the daily digest): django-environ's EMAIL_URL, e.g.
# smtp+tls://user:password@smtp.palembang.go.id:587; by default printed on the console.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Portal WFA <noreply@palembang.go.id>")
# The address every link in an email (and every QR code) is built from: the portal as users reach
# it. `make run` passes the address it serves (HOST:PORT) as WFA_RUN_URL, so its links work out of
# the box; WFA_SITE_URL, set in the environment or .env, always wins.
WFA_SITE_URL = env("WFA_SITE_URL", default=env("WFA_RUN_URL", default="http://127.0.0.1:8000"))
# Local times (HH:MM, the city's time zone) of the daily digest and of the window-day reminders;
# heads are reminded of reports still unreviewed after this many working days.
WFA_DIGEST_TIME = env("WFA_DIGEST_TIME", default="06:30")
WFA_REMINDER_TIME = env("WFA_REMINDER_TIME", default="09:00")
WFA_REVIEW_REMINDER_DAYS = env.int("WFA_REVIEW_REMINDER_DAYS", default=2)
# PostgreSQL: check-ins are partitioned by month (attendance/partitions.py); a daily task makes
# this month's partition and this many after it, at WFA_CHECK_IN_PARTITION_TIME (city time).
WFA_CHECK_IN_PARTITION_MONTHS = env.int("WFA_CHECK_IN_PARTITION_MONTHS", default=3)
WFA_CHECK_IN_PARTITION_TIME = env("WFA_CHECK_IN_PARTITION_TIME", default="01:00")
# A daily report may be filed (or a returned one corrected) on its day and for this many working
# days after it; older days show as missed, not as work still to do.
WFA_REPORT_FILING_DAYS = env.int("WFA_REPORT_FILING_DAYS", default=5)
# Column mappings kept as data (a change at BKN is an edit of a JSON file, not a release): the
# target import's accepted headers (default targets/columns.json) and the e-Kinerja daily-progress
# export's columns (default reports/ekinerja_layout.json). Empty = the shipped file.
WFA_TARGET_COLUMNS_FILE = env.str("WFA_TARGET_COLUMNS_FILE", default="")
WFA_EKINERJA_LAYOUT_FILE = env.str("WFA_EKINERJA_LAYOUT_FILE", default="")

# A check-in tapped on a phone without network is accepted at the time of the tap, flagged
# "terkirim tertunda", when it reaches the server within this many hours of the check-in page's
# last load online (attendance/services/queued.py); later it is refused with a clear message.
WFA_OFFLINE_CHECKIN_HOURS = env.int("WFA_OFFLINE_CHECKIN_HOURS", default=12)

# Background tasks (django-tasks): the database is the queue, `manage.py db_worker` runs them
# (`make run` starts one beside the server). Tests run them at once (ImmediateBackend).
TASKS = {
    "default": {
        "BACKEND": env("WFA_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Two-step verification (signin, django-otp): TOTP required for BKPSDM and the Django admin.
WFA_2FA_REQUIRED = env.bool("WFA_2FA_REQUIRED", default=True)
OTP_TOTP_ISSUER = f"Portal WFA {env('WFA_CITY_NAME', default='Palembang')}"

# Single sign-on through OpenID Connect (signin/oidc.py, mozilla-django-oidc): off unless the
# issuer is set. The endpoints default to Keycloak's paths under the issuer (a realm's URL).
WFA_OIDC_ISSUER = env("WFA_OIDC_ISSUER", default="").rstrip("/")
_KEYCLOAK = f"{WFA_OIDC_ISSUER}/protocol/openid-connect"
OIDC_RP_CLIENT_ID = env("WFA_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("WFA_OIDC_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("WFA_OIDC_AUTHORIZATION_ENDPOINT", default=f"{_KEYCLOAK}/auth")
OIDC_OP_TOKEN_ENDPOINT = env("WFA_OIDC_TOKEN_ENDPOINT", default=f"{_KEYCLOAK}/token")
OIDC_OP_USER_ENDPOINT = env("WFA_OIDC_USERINFO_ENDPOINT", default=f"{_KEYCLOAK}/userinfo")
OIDC_OP_JWKS_ENDPOINT = env("WFA_OIDC_JWKS_ENDPOINT", default=f"{_KEYCLOAK}/certs")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = env("WFA_OIDC_SCOPES", default="openid profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # a person lands on the account BKPSDM made, matched by NIP
OIDC_AUTHENTICATION_CALLBACK_URL = "signin:sso_callback"
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/masuk/"
WFA_OIDC_NIP_CLAIM = env("WFA_OIDC_NIP_CLAIM", default="nip")
WFA_OIDC_AUDIENCE = env("WFA_OIDC_AUDIENCE", default=OIDC_RP_CLIENT_ID)
WFA_OIDC_LABEL = env("WFA_OIDC_LABEL", default="ASN Digital")
if WFA_OIDC_ISSUER:
    AUTHENTICATION_BACKENDS.insert(1, "signin.oidc.NipBackend")
# With SSO on, a local password signs in only these roles (the break-glass); without, everyone.
WFA_PASSWORD_LOGIN_ROLES = env.list(
    "WFA_PASSWORD_LOGIN_ROLES",
    default=["bkpsdm"] if WFA_OIDC_ISSUER else ["bkpsdm", "head", "mayor", "employee"],
)

# /api/v1/ (api app): bearer tokens of partner systems only (a portal session does not call the
# API, so no CSRF question arises), JSON in and out, cursor pages, one limit per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.ViewRule",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.SignedCursorPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.LimitedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.indonesian",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "SCHEMA_COERCE_PATH_PK": False,  # the schema names /absences/{pk}/ as the route does
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Portal WFA",
    "DESCRIPTION": "Baca data kerja fleksibel untuk sistem mitra (lihat docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # One name for the work modes, whichever field carries them (mode, planned_mode).
    "ENUM_NAME_OVERRIDES": {
        "WorkMode": "schedules.models.windows.Mode",
        "AbsenceKind": "absences.models.AbsenceKind",
        "AbsenceStatus": "absences.models.AbsenceStatus",
    },
}
# Requests per token per minute (counted in CACHES["default"], like every limit).
WFA_API_REQUESTS_PER_MINUTE = env.int("WFA_API_REQUESTS_PER_MINUTE", default=120)
WFA_API_TOKEN_DAYS = env.int("WFA_API_TOKEN_DAYS", default=90)
# The largest body a write endpoint reads (an absence is a few hundred bytes); past it, 413.
WFA_API_MAX_BODY_BYTES = env.int("WFA_API_MAX_BODY_BYTES", default=16_384)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
