"""Production: secrets from the environment with no default; fail loudly when unset."""

from livescore.observability import logging_config
from livescore.settings.base import *  # noqa: F403
from livescore.settings.environment import env_bool, env_list, env_required, env_str

SECRET_KEY = env_required("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise RuntimeError("The environment variable ALLOWED_HOSTS must be set in production.")
DATABASE_URL = env_required("DATABASE_URL")
REDIS_URL = env_required("REDIS_URL")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
# The load balancer probes and Prometheus scrapes over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LOGIN_TRUST_X_REAL_IP = env_bool("LOGIN_TRUST_X_REAL_IP", default=True)
LOGGING = logging_config(
    level=env_str("LOG_LEVEL", "INFO"), json_lines=env_bool("LOG_JSON", default=True)
)
