from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from livescore import errors, health
from matches import views

urlpatterns = [
    path("", views.home, name="home"),
    path("matches/<int:match_id>/", views.match_centre, name="match-centre"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("livescore.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^api/", errors.api_not_found),
    path("health/", health.health, name="health"),
    path("health/ready/", health.ready, name="health-ready"),
]

handler404 = "livescore.errors.not_found"
handler500 = "livescore.errors.server_error"
