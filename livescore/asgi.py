import gc
import os

from livescore.django_asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livescore.settings.local")

# Django must be set up before anything imports models (consumers, routing).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from accounts.realtime_auth import JwtQueryAuthMiddleware  # noqa: E402
from livescore.metrics import WebSocketMetrics  # noqa: E402
from livescore.routing import websocket_urlpatterns  # noqa: E402

http_app = django_asgi_app
if settings.REDIS_URL:
    from livescore.api_edge import ReadEdge

    http_app = ReadEdge(http_app, redis_url=settings.REDIS_URL)
if settings.DEMO_LIVE:
    from scoring.imports.demo_live import with_demo_replay

    http_app = with_demo_replay(http_app)

application = ProtocolTypeRouter(
    {
        "http": http_app,
        "websocket": WebSocketMetrics(
            AllowedHostsOriginValidator(
                AuthMiddlewareStack(JwtQueryAuthMiddleware(URLRouter(websocket_urlpatterns)))
            )
        ),
    }
)

# A daphne process holds thousands of long-lived connections (~100 tracked objects each);
# a full collection walks all of them and stops the loop, and with it every fan-out write:
# 0.4-0.8 s at 3,000 fans on the shared 2-core box, ten of them during a connect ramp. The
# objects loaded so far (Django, the URLconf, every module: ~150k) are never garbage, so
# they leave the collector's view. Python's default thresholds stay: each request Django
# answers leaves its ORM and serializer graph in cycles (DRF fields and their parent, a
# match and its scoreboard), and rarer full collections let that garbage pile up to a
# higher peak, which the process's RSS then keeps (bench/reliability, docs/benchmarks.md).
gc.freeze()
