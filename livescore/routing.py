from django.urls import path

from scoring.realtime.consumers import live_consumer_app

websocket_urlpatterns = [path("ws/", live_consumer_app())]
