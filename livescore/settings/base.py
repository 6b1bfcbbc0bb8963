"""Settings shared by every environment. Unset variables fall back to embedded defaults
(SQLite, the in-memory channel layer, Celery tasks run in-process) so `make run` works on a
fresh clone; DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from livescore.observability import logging_config
from livescore.settings.environment import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me-in-production")
DEBUG = env_bool("DEBUG", default=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "en"

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "csp",
    "accounts",
    "matches",
    "scoring",
]

MIDDLEWARE = [
    "livescore.observability.RequestIdMiddleware",
    "livescore.api_edge.EdgeFileMiddleware",
    "livescore.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.FanTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "livescore.availability.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "livescore.urls"
ASGI_APPLICATION = "livescore.asgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"

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
            ]
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL")


def _postgresql(url: str) -> dict:
    """PostgreSQL through a connection pool shared by the process's threads.

    Under ASGI every request runs its sync code on a thread of its own, and Django's
    connections are per thread: with persistent connections (CONN_MAX_AGE > 0) each request
    opened a new connection that outlived it, and 50 concurrent API clients exhausted
    PostgreSQL's max_connections within seconds (the 503s of bench/api). A pool hands each
    request a warm connection and takes it back; with health checks on, Django has the pool
    replace a connection that died with a PostgreSQL restart before a request sees it."""
    database = dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True)
    database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", 2),
        "max_size": env_int("DATABASE_POOL_MAX", 10),
        # How long a request waits for a connection (all busy, or PostgreSQL away) before
        # its 503; the 503 asks clients to retry after 5 s.
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 5),
    }
    return database


if DATABASE_URL and DATABASE_URL.startswith(("postgres://", "postgresql://")):
    DATABASES = {"default": _postgresql(DATABASE_URL)}
elif DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a scorer while the demo replay writes: WAL lets readers
    # go on during a write, IMMEDIATE takes the write lock at BEGIN (no deadlocked upgrade
    # from a read lock), and a writer waits up to 20 s for the lock instead of failing at
    # once with "database is locked" (one ball in forty was lost that way, issue 18).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")

if REDIS_URL:
    # redis-py 8 defaults socket_timeout to 5 s, which tears down the layer's blocking
    # receive (channels_redis #422); and caps the async pool at 100 connections.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": None,
                        # A Redis that is away must fail a publish fast, not hang the
                        # scorer's request: the event is in the outbox (scoring/realtime/outbox.py).
                        "socket_connect_timeout": 2,
                        "max_connections": 1000,
                    }
                ],
                "prefix": env_str("CHANNEL_PREFIX", "livescore"),
                # Over capacity the layer drops messages silently: size it for bursts.
                "capacity": 1000,
                # A fan-out hub channel carries every event its process's fans follow.
                "channel_capacity": {r"^fanout\.": 20000},
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "livescore.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_PREFIX", "livescore"),
        }
    }
    CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
    CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True

CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# An unacknowledged task (its worker died) is handed to another after this long; it must
# exceed the longest task (a crawl is stopped at FEEDS_CRAWL_SOFT_TIME_LIMIT).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env_str("CELERY_VISIBILITY_TIMEOUT", "3600")),
}

# Celery beat: lifecycle sweeps and the crawls of the feeds configured per competition.
LIFECYCLE_SWEEP_SECONDS = float(env_str("LIFECYCLE_SWEEP_SECONDS", "60"))
CELERY_BEAT_SCHEDULE = {
    "lifecycle-sweep": {
        "task": "matches.tasks.lifecycle_sweep",
        "schedule": LIFECYCLE_SWEEP_SECONDS,
    },
    "feeds-live": {"task": "matches.tasks.feeds_refresh", "schedule": 60.0, "args": ["live"]},
    "feeds-hourly-standings": {
        "task": "matches.tasks.feeds_refresh",
        "schedule": crontab(minute=5),
        "args": ["hourly"],
    },
    "feeds-daily-fixtures": {
        "task": "matches.tasks.feeds_refresh",
        "schedule": crontab(hour=4, minute=15),
        "args": ["daily"],
    },
    # Broadcasts held while Redis was away (scoring/realtime/outbox.py); Celery itself needs Redis,
    # so this runs again from the moment it is back.
    "broadcast-outbox-drain": {
        "task": "scoring.tasks.broadcast_outbox_drain",
        "schedule": float(env_str("OUTBOX_DRAIN_SECONDS", "5")),
        "options": {"expires": 10},
    },
}
# Lifecycle policy; a competition overrides any key in rules["lifecycle"].
LIFECYCLE_DEFAULTS = {
    "*": {"auto_start": False, "stale_after_minutes": 15, "overdue_grace_minutes": 60},
    "football": {"expected_minutes": 115},
    "cricket": {"expected_minutes": 240},
}

# Feed crawling (matches/crawl_services.py).
FEEDS_RATE_PER_SECOND = float(env_str("FEEDS_RATE_PER_SECOND", "1"))
FEEDS_RATE_BURST = int(env_str("FEEDS_RATE_BURST", "5"))
# football-data.org's free plan allows 10 requests a minute.
FEEDS_RATE_LIMITS = {"api.football-data.org": 10 / 60}
FEEDS_FETCH_ATTEMPTS = 4
FEEDS_RETRY_AFTER_CAP = float(env_str("FEEDS_RETRY_AFTER_CAP", "60"))
FEEDS_TASK_MAX_RETRIES = 3
FEEDS_CRAWL_SOFT_TIME_LIMIT = int(env_str("FEEDS_CRAWL_SOFT_TIME_LIMIT", "240"))

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "livescore.api_schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "livescore.api_errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": [
        "livescore.api_throttles.AnonymousRateThrottle",
        "livescore.api_throttles.UserRateThrottle",
    ],
    "UNAUTHENTICATED_USER": None,
}
# Requests per period ("N/s", "N/m", "N/h", "N/d"); read at request time so tests and
# benchmarks can change them.
API_THROTTLE_RATES = {
    "anonymous": env_str("API_THROTTLE_ANONYMOUS", "120/m"),
    "user": env_str("API_THROTTLE_USER", "600/m"),
    "token": env_str("API_THROTTLE_TOKEN", "10/m"),
}
# Hot reads (live list, match detail, tables) from Redis, versioned by scoring events.
# False serves the plain DRF path (kept for comparison in bench/api).
API_READ_CACHE = env_bool("API_READ_CACHE", default=True)
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Livescore API",
    "DESCRIPTION": (
        "Live cricket and football scores; scorers write through the same API.\n\n"
        'Every error has one body: `{"error": {"code", "message", "fields"}}`. '
        "Sign in at `auth/token/` and send `Authorization: Bearer <access>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999}
    },
    "ENUM_NAME_OVERRIDES": {
        # matches.lifecycle.Status, as values (its labels differ between fields).
        "MatchStatusEnum": [
            "scheduled",
            "live",
            "break",
            "suspended",
            "finished",
            "postponed",
            "cancelled",
            "abandoned",
        ],
        "SportEnum": "matches.models.Sport",
        "CrawlStatusEnum": "matches.models.CrawlStatus",
    },
}

# One JSON object per line with the request id (livescore/observability.py); LOG_JSON=false
# gives readable lines for a terminal.
LOGGING = logging_config(
    level=env_str("LOG_LEVEL", "INFO"), json_lines=env_bool("LOG_JSON", default=not DEBUG)
)

# Security (docs/operations.md, "Security"). Sign-in failures: see accounts/lockout.py.
AUTHENTICATION_BACKENDS = ["accounts.lockout.LockoutModelBackend"]
LOGIN_FAILURE_LIMIT = int(env_str("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(env_str("LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
LOGIN_LOCKOUT_SECONDS = int(env_str("LOGIN_LOCKOUT_SECONDS", "900"))
LOGIN_TRUST_X_REAL_IP = env_bool("LOGIN_TRUST_X_REAL_IP", default=False)
# Strict and the same everywhere, so pages that break it break in development too: no inline
# scripts or styles, no third-party origins. /ws/ is same-origin (ws: and wss:).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# /metrics: open when unset (scrape on a private port or network), else Bearer token.
METRICS_TOKEN = env_str("METRICS_TOKEN")

# Real-time fan-out (docs/realtime.md): "hub" (one layer message per group per process, a
# frame serialised once) or "groups" (the plain Channels pattern, kept as the baseline).
REALTIME_FANOUT = env_str("REALTIME_FANOUT", "hub")
# A fan whose socket holds more unsent bytes than this is closed; it resumes by seq.
REALTIME_SEND_BUFFER_BYTES = int(env_str("REALTIME_SEND_BUFFER_BYTES", str(256 * 1024)))
# How often each fan-out hub checks Redis still lists it in its groups (re-joins and repairs
# its fans from the log if not: a flushed or restarted Redis forgets memberships).
REALTIME_MEMBERSHIP_CHECK_SECONDS = float(env_str("REALTIME_MEMBERSHIP_CHECK_SECONDS", "2"))

# Demo: replay a real match live inside the web process (make run sets it).
DEMO_LIVE = env_bool("DEMO_LIVE", default=False)
DEMO_BALL_SECONDS = float(env_str("DEMO_BALL_SECONDS", "4"))

# Calendar apps poll the fixtures feeds (matches/calendars.py); a reschedule shows within this.
CALENDAR_CACHE_SECONDS = env_int("CALENDAR_CACHE_SECONDS", 900)
