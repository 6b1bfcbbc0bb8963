from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from livescore import api_index, errors, health, metrics
from matches import calendars
from scoring.pages import views

urlpatterns = [
    path("", views.home, name="home"),
    path("matches/<int:match_id>/", views.match_centre, name="match-centre"),
    path("matches/<int:match_id>/live/", views.match_fragment, name="match-fragment"),
    path("competitions/<int:competition_id>/", views.competition, name="competition"),
    path(
        "competitions/<int:competition_id>/live/",
        views.competition_fragment,
        name="competition-fragment",
    ),
    path("teams/<int:team_id>/", views.team, name="team"),
    path("teams/<int:team_id>/calendar.ics", calendars.team_calendar, name="team-calendar"),
    path(
        "competitions/<int:competition_id>/calendar.ics",
        calendars.competition_calendar,
        name="competition-calendar",
    ),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("livescore.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from the site's own static files, its set-up script a separate file: the
    # docs work offline and under the same strict CSP as every other page.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", api_index.api_index, name="api-index"),
    re_path(r"^api/", errors.api_not_found),
    path("health/", health.health, name="health"),
    path("health/ready/", health.ready, name="health-ready"),
    path("metrics", metrics.metrics_view, name="metrics"),
]

handler404 = "livescore.errors.not_found"
handler500 = "livescore.errors.server_error"
