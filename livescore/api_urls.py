"""/api/v1/: every endpoint of the public API."""

from django.urls import path, register_converter

from accounts.apis import (
    AuthLogoutApi,
    AuthTokenObtainApi,
    AuthTokenRefreshApi,
    AuthTokenVerifyApi,
    FavouriteAddApi,
    FavouriteListApi,
    FavouriteRemoveApi,
    UserMeApi,
    UserPasswordChangeApi,
    UserRegisterApi,
)
from livescore.api_views import operations
from matches.apis import (
    CompetitionDetailApi,
    CompetitionFixtureListApi,
    CompetitionListApi,
    CompetitionResultListApi,
    MatchDetailApi,
    MatchEventListApi,
    MatchLineupsApi,
    MatchListApi,
    MatchLiveListApi,
    MatchTodayListApi,
    MatchUpcomingListApi,
    TeamDetailApi,
    TeamFixtureListApi,
    TeamSquadApi,
)
from scoring.apis import (
    MatchEventCorrectApi,
    MatchEventCreateApi,
    MatchEventUndoApi,
    MatchStatusApi,
)


class IdConverter:
    """A positive id that fits PostgreSQL's bigint; anything longer is simply not a URL."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

MatchEventsApi = operations("MatchEventsApi", get=MatchEventListApi, post=MatchEventCreateApi)
FavouritesApi = operations("FavouritesApi", get=FavouriteListApi, post=FavouriteAddApi)

urlpatterns = [
    path("auth/register/", UserRegisterApi.as_view(), name="auth-register"),
    path("auth/token/", AuthTokenObtainApi.as_view(), name="token-obtain"),
    path("auth/token/refresh/", AuthTokenRefreshApi.as_view(), name="token-refresh"),
    path("auth/token/verify/", AuthTokenVerifyApi.as_view(), name="token-verify"),
    path("auth/logout/", AuthLogoutApi.as_view(), name="auth-logout"),
    path("auth/me/", UserMeApi.as_view(), name="auth-me"),
    path("auth/password/", UserPasswordChangeApi.as_view(), name="auth-password"),
    path("favourites/", FavouritesApi.as_view(), name="favourites"),
    path(
        "favourites/<str:kind>/<id:target_id>/",
        FavouriteRemoveApi.as_view(),
        name="favourite-remove",
    ),
    path("matches/", MatchListApi.as_view(), name="match-list"),
    path("matches/live/", MatchLiveListApi.as_view(), name="match-live"),
    path("matches/today/", MatchTodayListApi.as_view(), name="match-today"),
    path("matches/upcoming/", MatchUpcomingListApi.as_view(), name="match-upcoming"),
    path("matches/<id:match_id>/", MatchDetailApi.as_view(), name="match-detail"),
    path("matches/<id:match_id>/events/", MatchEventsApi.as_view(), name="match-events"),
    path("matches/<id:match_id>/lineups/", MatchLineupsApi.as_view(), name="match-lineups"),
    path("matches/<id:match_id>/undo/", MatchEventUndoApi.as_view(), name="match-undo"),
    path(
        "matches/<id:match_id>/corrections/",
        MatchEventCorrectApi.as_view(),
        name="match-corrections",
    ),
    path("matches/<id:match_id>/status/", MatchStatusApi.as_view(), name="match-status"),
    path("competitions/", CompetitionListApi.as_view(), name="competition-list"),
    path(
        "competitions/<id:competition_id>/",
        CompetitionDetailApi.as_view(),
        name="competition-detail",
    ),
    path(
        "competitions/<id:competition_id>/fixtures/",
        CompetitionFixtureListApi.as_view(),
        name="competition-fixtures",
    ),
    path(
        "competitions/<id:competition_id>/results/",
        CompetitionResultListApi.as_view(),
        name="competition-results",
    ),
    path("teams/<id:team_id>/", TeamDetailApi.as_view(), name="team-detail"),
    path("teams/<id:team_id>/fixtures/", TeamFixtureListApi.as_view(), name="team-fixtures"),
    path("teams/<id:team_id>/squad/", TeamSquadApi.as_view(), name="team-squad"),
]
