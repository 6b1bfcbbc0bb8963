from django.conf import settings
from django.db import models
from django.utils import timezone

from matches.lifecycle import LIVE_STATUSES, Status


class Sport(models.TextChoices):
    CRICKET = "cricket", "Cricket"
    FOOTBALL = "football", "Football"


class Competition(models.Model):
    """A league, tournament or series in one season; `rules` holds what the engine needs
    (overs per innings, balls per over, points per result, tie-breakers …)."""

    name = models.CharField(max_length=200)
    sport = models.CharField(max_length=16, choices=Sport.choices)
    season = models.CharField(max_length=32, blank=True)
    rules = models.JSONField(default=dict, blank=True)
    external_ids = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "season"]
        constraints = [
            models.UniqueConstraint(fields=["name", "season"], name="competition_unique_season")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.season}".strip()


class Team(models.Model):
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=32, blank=True)
    sport = models.CharField(max_length=16, choices=Sport.choices)
    external_ids = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "sport"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class Player(models.Model):
    name = models.CharField(max_length=200)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="players"
    )
    external_ids = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "city"], name="venue_unique")]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}" if self.city else self.name


class Match(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="matches")
    home_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="home_matches")
    away_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="away_matches")
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.SET_NULL)
    start_time = models.DateTimeField()
    round = models.CharField(max_length=64, blank=True)
    # "Regular", "Playoffs" …: the competition's standings settings name stages left out.
    stage = models.CharField(max_length=64, blank=True)
    # Written only by the scoring service's status transition; see matches/lifecycle.py.
    status = models.CharField(
        max_length=16,
        choices=[(s.value, s.value.title()) for s in Status],
        default=Status.SCHEDULED,
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    external_ids = models.JSONField(default=dict, blank=True)
    scorers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_matches"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start_time", "id"]
        verbose_name_plural = "matches"
        indexes = [models.Index(fields=["status", "start_time"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(home_team=models.F("away_team")), name="match_two_teams"
            )
        ]

    def __str__(self) -> str:
        return f"{self.home_team} v {self.away_team} ({self.start_time:%Y-%m-%d})"

    @property
    def sport(self) -> str:
        return self.competition.sport

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


class Side(models.TextChoices):
    HOME = "home", "Home"
    AWAY = "away", "Away"


class MatchPlayer(models.Model):
    """A player in a match squad: the line-up, in batting or shirt order."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="squad")
    player = models.ForeignKey(Player, on_delete=models.PROTECT, related_name="appearances")
    side = models.CharField(max_length=4, choices=Side.choices)
    order = models.PositiveSmallIntegerField(default=0)
    is_starting = models.BooleanField(default=True)

    class Meta:
        ordering = ["match", "side", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["match", "player"], name="match_player_once")
        ]

    def __str__(self) -> str:
        return f"{self.player} ({self.side})"


class PointsDeduction(models.Model):
    """Points a governing body took off a team in a competition; the table shows the reason.

    Entered in admin, never typed into the table: standings are always computed."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="points_deductions"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="points_deductions")
    points = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=300)
    decided_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["competition", "team", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__gte=1), name="points_deduction_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="points_deduction_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} -{self.points} ({self.competition})"
