"""Load the demo: real teams and players, a cricket match ready to be played live, a real
Premier League season with its table, and a football match to score live."""

import json
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from matches import services
from matches.demo import FOOTBALL_SEASON_FILE, LIVE_CRICKET_FILE
from matches.models import Match, Team
from scoring.football.openfootball import load_season
from scoring.models import EventSource
from scoring.season_import import SeasonImport, openfootball_season_import

DEMO_SOURCE = "demo"


class Command(BaseCommand):
    help = "Load demo competitions, teams, players and matches (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            live = self._live_cricket_match()
            season = self._football_season()
            friendly = self._schedulable_football_match(season)
        self.stdout.write(
            f"demo: live cricket match {live.pk}; competition {season.competition.pk}: "
            f"{season.matches} football matches imported; football match {friendly.pk} "
            "scheduled to be scored live"
        )

    def _live_cricket_match(self) -> Match:
        data = json.loads(LIVE_CRICKET_FILE.read_text())
        info = data["info"]
        external_id = f"cricsheet:{LIVE_CRICKET_FILE.stem}"
        existing = services.match_find_by_external_id(source=DEMO_SOURCE, external_id=external_id)
        if existing:
            return existing
        competition = services.competition_get_or_create(
            name=info["event"]["name"],
            sport="cricket",
            season=str(info["season"]),
            rules={
                "overs_per_innings": info.get("overs", 20),
                "balls_per_over": info.get("balls_per_over", 6),
                "innings_per_side": 1,
                "free_hit": True,
            },
        )
        home_name, away_name = info["teams"]
        teams = {
            name: services.team_get_or_create(name=name, sport="cricket")
            for name in (home_name, away_name)
        }
        registry = info.get("registry", {}).get("people", {})
        squads = {
            side: [
                services.player_get_or_create(
                    name=player,
                    team=teams[team],
                    source="cricsheet",
                    external_id=registry.get(player, ""),
                )
                for player in info["players"][team]
            ]
            for side, team in (("home", home_name), ("away", away_name))
        }
        return services.match_create(
            competition=competition,
            home_team=teams[home_name],
            away_team=teams[away_name],
            start_time=timezone.now().replace(second=0, microsecond=0),
            venue=services.venue_get_or_create(name=info["venue"], city=info.get("city", "")),
            external_ids={DEMO_SOURCE: external_id},
            squads=squads,
        )

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
