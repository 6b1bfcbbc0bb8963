"""Production: secrets from the environment with no default; fail loudly when unset."""

from livescore.settings.base import *  # noqa: F403
from livescore.settings.environment import env_bool, env_required

SECRET_KEY = env_required("SECRET_KEY")
DEBUG = False
DATABASE_URL = env_required("DATABASE_URL")
REDIS_URL = env_required("REDIS_URL")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
