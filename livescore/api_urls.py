from django.urls import path
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from matches.apis import MatchDetailApi, MatchListApi
from matches.crawl_apis import CrawlJobListCreateApi
from scoring.apis import (
    MatchEventCorrectApi,
    MatchEventCreateApi,
    MatchEventUndoApi,
    MatchStatusApi,
)
from scoring.scorecard_apis import MatchScorecardApi
from scoring.standings_apis import CompetitionTableApi

urlpatterns = [
    path("auth/token/", TokenObtainPairView.as_view(), name="token-obtain"),
    path("auth/token/refresh/", TokenRefreshView.as_view(), name="token-refresh"),
    path("matches/", MatchListApi.as_view(), name="match-list"),
    path("matches/<int:match_id>/", MatchDetailApi.as_view(), name="match-detail"),
    path("matches/<int:match_id>/events/", MatchEventCreateApi.as_view(), name="match-events"),
    path("matches/<int:match_id>/undo/", MatchEventUndoApi.as_view(), name="match-undo"),
    path(
        "matches/<int:match_id>/corrections/",
        MatchEventCorrectApi.as_view(),
        name="match-corrections",
    ),
    path("matches/<int:match_id>/status/", MatchStatusApi.as_view(), name="match-status"),
    path("matches/<int:match_id>/scorecard/", MatchScorecardApi.as_view(), name="match-scorecard"),
    path("crawls/", CrawlJobListCreateApi.as_view(), name="crawl-jobs"),
    path(
        "competitions/<int:competition_id>/table/",
        CompetitionTableApi.as_view(),
        name="competition-table",
    ),
]
