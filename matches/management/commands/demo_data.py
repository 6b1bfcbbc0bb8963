"""Load the demo: a cricket match ready to be played live, a finished one decided by a super
over (imported like any Cricsheet file), a real Premier League season with its table, and a
football match to score live."""

import json
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from matches import services
from matches.demo import FINISHED_CRICKET_FILE, FOOTBALL_SEASON_FILE, LIVE_CRICKET_FILE
from matches.models import Match, Team
from scoring.formats.openfootball import load_season
from scoring.imports.cricsheet import (
    cricsheet_check,
    cricsheet_fixture_create,
    cricsheet_match_import,
)
from scoring.imports.season import SeasonImport, openfootball_season_import
from scoring.models import EventSource

DEMO_SOURCE = "demo"


def live_cricket_external_id() -> str:
    return f"cricsheet:{LIVE_CRICKET_FILE.stem}"


class Command(BaseCommand):
    help = "Load demo competitions, teams, players and matches (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            live = self._live_cricket_match()
            finished = cricsheet_match_import(
                document=json.loads(FINISHED_CRICKET_FILE.read_text()),
                match_key=FINISHED_CRICKET_FILE.stem,
            ).match
            season = self._football_season()
            friendly = self._schedulable_football_match(season)
        self.stdout.write(
            f"demo: live cricket match {live.pk}; finished cricket match {finished.pk}; "
            f"competition {season.competition.pk}: {season.matches} football matches "
            f"imported; football match {friendly.pk} scheduled to be scored live"
        )

    def _live_cricket_match(self) -> Match:
        existing = services.match_find_by_external_id(
            source=DEMO_SOURCE, external_id=live_cricket_external_id()
        )
        if existing:
            return existing
        document = json.loads(LIVE_CRICKET_FILE.read_text())
        checked = cricsheet_check(document)
        match, _players = cricsheet_fixture_create(
            document=document,
            setup=checked.setup,
            events=checked.events,
            external_ids={DEMO_SOURCE: live_cricket_external_id()},
            start_time=timezone.now().replace(second=0, microsecond=0),
        )
        return match

    def _football_season(self) -> SeasonImport:
        """The shipped Premier League season through the importer (and so the scoring
        service): finished matches with results, and a real table computed from them."""
        return openfootball_season_import(
            season=load_season(FOOTBALL_SEASON_FILE), source=EventSource.DEMO
        )

    def _schedulable_football_match(self, season: SeasonImport) -> Match:
        """A friendly between two of the season's clubs kicking off soon, to be scored live
        from the admin console (kept out of the league table in its own competition)."""
        external_id = "football:friendly"
        existing = services.match_find_by_external_id(source=DEMO_SOURCE, external_id=external_id)
        if existing:
            return existing
        home, away = (
            season.competition.matches.order_by("id").values_list("home_team", "away_team").first()
        )
        competition = services.competition_get_or_create(
            name="Demo friendlies", sport="football", season=str(timezone.now().year)
        )
        teams = Team.objects.in_bulk([home, away])
        return services.match_create(
            competition=competition,
            home_team=teams[home],
            away_team=teams[away],
            start_time=timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=30),
            external_ids={DEMO_SOURCE: external_id},
        )
