"""Load the demo: real teams and players, and a cricket match ready to be played live."""

import json
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from matches import services
from matches.demo import FOOTBALL_SEASON_FILE, LIVE_CRICKET_FILE
from matches.models import Match

DEMO_SOURCE = "demo"


class Command(BaseCommand):
    help = "Load demo competitions, teams, players and matches (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            live = self._live_cricket_match()
            fixtures = self._football_fixtures()
        self.stdout.write(f"demo: live cricket match {live.pk}; {fixtures} football fixtures")

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
