"""Tests run on the real PostgreSQL and Redis (see tests/conftest.py)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/livescore")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
# With PostgreSQL away a request waits this long for a pooled connection before its 503.
os.environ.setdefault("DATABASE_POOL_TIMEOUT", "2")
os.environ.setdefault("CHANNEL_PREFIX", f"livescore-test-{os.getpid()}")

from livescore.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
# The browser tests' daphne serves static files straight from the app directories.
WHITENOISE_USE_FINDERS = True

# High enough that the suite and the schema fuzz are never throttled; throttling tests
# lower them.
API_THROTTLE_RATES = {"anonymous": "100000/m", "user": "100000/m", "token": "100000/m"}
