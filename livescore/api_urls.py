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
    MatchLineupsApi,
    MatchListApi,
    MatchLiveListApi,
    MatchTodayListApi,
    MatchUpcomingListApi,
    TeamDetailApi,
    TeamFixtureListApi,
    TeamRecordApi,
    TeamSquadApi,
)
from matches.crawl_apis import CrawlJobListCreateApi
from matches.management_apis import (
    CompetitionCreateApi,
    CompetitionUpdateApi,
    MatchCreateApi,
    MatchLineupSetApi,
    MatchScorersApi,
    MatchUpdateApi,
    PlayerCreateApi,
    PlayerUpdateApi,
    TeamCreateApi,
    TeamUpdateApi,
    VenueCreateApi,
    VenueUpdateApi,
)
from scoring.apis.events import (
    MatchEventCorrectApi,
    MatchEventCreateApi,
    MatchEventUndoApi,
    MatchStatusApi,
)
from scoring.apis.reads import (
    CompetitionLeadersApi,
    MatchCommentaryApi,
    MatchCorrectionListApi,
    MatchEventListApi,
    MatchStatsApi,
    MatchSummaryApi,
    PlayerDetailApi,
)
from scoring.apis.scorecards import MatchScorecardApi
from scoring.apis.standings import CompetitionTableApi


class IdConverter:
    """A positive id that fits PostgreSQL's bigint; anything longer is simply not a URL."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

MatchEventsApi = operations("MatchEventsApi", get=MatchEventListApi, post=MatchEventCreateApi)
MatchCorrectionsApi = operations(
    "MatchCorrectionsApi", get=MatchCorrectionListApi, post=MatchEventCorrectApi
)
FavouritesApi = operations("FavouritesApi", get=FavouriteListApi, post=FavouriteAddApi)
MatchesApi = operations("MatchesApi", get=MatchListApi, post=MatchCreateApi)
MatchApi = operations("MatchApi", get=MatchDetailApi, patch=MatchUpdateApi)
MatchLineupsSetApi = operations("MatchLineupsSetApi", get=MatchLineupsApi, put=MatchLineupSetApi)
CompetitionsApi = operations("CompetitionsApi", get=CompetitionListApi, post=CompetitionCreateApi)
CompetitionApi = operations("CompetitionApi", get=CompetitionDetailApi, patch=CompetitionUpdateApi)
TeamApi = operations("TeamApi", get=TeamDetailApi, patch=TeamUpdateApi)

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
    path("matches/", MatchesApi.as_view(), name="match-list"),
    path("matches/live/", MatchLiveListApi.as_view(), name="match-live"),
    path("matches/today/", MatchTodayListApi.as_view(), name="match-today"),
    path("matches/upcoming/", MatchUpcomingListApi.as_view(), name="match-upcoming"),
    path("matches/<id:match_id>/", MatchApi.as_view(), name="match-detail"),
    path("matches/<id:match_id>/events/", MatchEventsApi.as_view(), name="match-events"),
    path("matches/<id:match_id>/lineups/", MatchLineupsSetApi.as_view(), name="match-lineups"),
    path(
        "matches/<id:match_id>/commentary/", MatchCommentaryApi.as_view(), name="match-commentary"
    ),
    path("matches/<id:match_id>/stats/", MatchStatsApi.as_view(), name="match-stats"),
    path("matches/<id:match_id>/summary/", MatchSummaryApi.as_view(), name="match-summary"),
    path("matches/<id:match_id>/scorers/", MatchScorersApi.as_view(), name="match-scorers"),
    path("matches/<id:match_id>/undo/", MatchEventUndoApi.as_view(), name="match-undo"),
    path(
        "matches/<id:match_id>/corrections/",
        MatchCorrectionsApi.as_view(),
        name="match-corrections",
    ),
    path("matches/<id:match_id>/status/", MatchStatusApi.as_view(), name="match-status"),
    path("competitions/", CompetitionsApi.as_view(), name="competition-list"),
    path("competitions/<id:competition_id>/", CompetitionApi.as_view(), name="competition-detail"),
    path(
        "competitions/<id:competition_id>/leaders/",
        CompetitionLeadersApi.as_view(),
        name="competition-leaders",
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
    path("teams/", TeamCreateApi.as_view(), name="team-create"),
    path("teams/<id:team_id>/", TeamApi.as_view(), name="team-detail"),
    path("teams/<id:team_id>/record/", TeamRecordApi.as_view(), name="team-record"),
    path("teams/<id:team_id>/fixtures/", TeamFixtureListApi.as_view(), name="team-fixtures"),
    path("teams/<id:team_id>/squad/", TeamSquadApi.as_view(), name="team-squad"),
    path("players/", PlayerCreateApi.as_view(), name="player-create"),
    path(
        "players/<id:player_id>/",
        operations("PlayerApi", get=PlayerDetailApi, patch=PlayerUpdateApi).as_view(),
        name="player-detail",
    ),
    path("venues/", VenueCreateApi.as_view(), name="venue-create"),
    path("venues/<id:venue_id>/", VenueUpdateApi.as_view(), name="venue-update"),
    path("matches/<id:match_id>/scorecard/", MatchScorecardApi.as_view(), name="match-scorecard"),
    path("crawls/", CrawlJobListCreateApi.as_view(), name="crawl-jobs"),
    path(
        "competitions/<id:competition_id>/table/",
        CompetitionTableApi.as_view(),
        name="competition-table",
    ),
]
