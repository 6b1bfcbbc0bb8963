import os

from django.core.asgi import get_asgi_application

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
if settings.DEMO_LIVE:
    from scoring.demo_live import with_demo_replay

    http_app = with_demo_replay(django_asgi_app)

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
