"""Load the demo: a cricket match ready to be played live, a finished one decided by a super
over (imported like any Cricsheet file), and a football season's fixtures."""

import json
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from matches import services
from matches.demo import FINISHED_CRICKET_FILE, FOOTBALL_SEASON_FILE, LIVE_CRICKET_FILE
from matches.models import Match
from scoring.cricsheet_import import (
    cricsheet_check,
    cricsheet_fixture_create,
    cricsheet_match_import,
)

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
            fixtures = self._football_fixtures()
        self.stdout.write(
            f"demo: live cricket match {live.pk}; finished cricket match {finished.pk}; "
            f"{fixtures} football fixtures"
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

    def _football_fixtures(self) -> int:
        """The season's fixtures, re-dated to run from last week into the coming weeks."""
        data = json.loads(FOOTBALL_SEASON_FILE.read_text())
        competition = services.competition_get_or_create(
            name=data["name"].rsplit(" ", 1)[0],
            sport="football",
            season=data["name"].rsplit(" ", 1)[-1],
            rules={"points_for_win": 3, "points_for_draw": 1, "points_for_loss": 0},
        )
        if competition.matches.exists():
            return competition.matches.count()
        kickoff = timezone.now().replace(hour=15, minute=0, second=0, microsecond=0)
        for number, fixture in enumerate(data["matches"][:40]):
            services.match_create(
                competition=competition,
                home_team=services.team_get_or_create(name=fixture["team1"], sport="football"),
                away_team=services.team_get_or_create(name=fixture["team2"], sport="football"),
                start_time=kickoff + timedelta(days=number // 10 - 1),
                round=fixture.get("round", ""),
                external_ids={DEMO_SOURCE: f"openfootball:{number}"},
            )
        return competition.matches.count()
