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


class FeedSchedule(models.TextChoices):
    """How often Celery beat crawls a feed (see CELERY_BEAT_SCHEDULE)."""

    LIVE = "live", "Every minute while matches are live"
    HOURLY = "hourly", "Hourly (standings and results)"
    DAILY = "daily", "Daily (fixtures)"
    MANUAL = "manual", "Only when run by hand"


class FeedConfig(models.Model):
    """A source adapter (by registered name) configured for one competition."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="feed_configs"
    )
    source = models.CharField(max_length=64)
    config = models.JSONField(default=dict, blank=True)
    schedule = models.CharField(
        max_length=16, choices=FeedSchedule.choices, default=FeedSchedule.DAILY
    )
    is_enabled = models.BooleanField(default=True)
    # The operator a scheduled crawl of this feed writes on behalf of (the log's author).
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="operated_feeds",
    )
    # ETag / Last-Modified per request URL, so the next crawl can be conditional.
    validators = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["competition", "source", "id"]

    def __str__(self) -> str:
        return f"{self.source} for {self.competition}"


class CrawlType(models.TextChoices):
    FIXTURES = "fixtures", "Fixtures"
    LIVE = "live", "Live scores"
    STANDINGS = "standings", "Standings"
    MANUAL = "manual", "Manual"


class CrawlStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    SUCCESS = "success", "Success"
    FAILED = "failed", "Failed"
    TIMEOUT = "timeout", "Timeout"


CRAWL_FINAL_STATUSES = frozenset({CrawlStatus.SUCCESS, CrawlStatus.FAILED, CrawlStatus.TIMEOUT})


class CrawlJob(models.Model):
    """One crawl of one source: what was asked, who ran it, what came of it."""

    type = models.CharField(max_length=16, choices=CrawlType.choices, default=CrawlType.MANUAL)
    source = models.CharField(max_length=64)
    feed_config = models.ForeignKey(
        FeedConfig, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    competition = models.ForeignKey(
        Competition, null=True, blank=True, on_delete=models.SET_NULL, related_name="crawl_jobs"
    )
    config = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=CrawlStatus.choices, default=CrawlStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration = models.DurationField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    items_crawled = models.PositiveIntegerField(default=0)
    items_updated = models.PositiveIntegerField(default=0)
    items_failed = models.PositiveIntegerField(default=0)
    events_written = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    failures = models.JSONField(default=list, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    raw_response = models.BinaryField(null=True, blank=True, editable=False)
    raw_response_url = models.CharField(max_length=2000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        # Operators run crawls; a scorer (staff for admin) does not get this by being staff.
        permissions = [("run_crawl", "Can run crawls, see their jobs and raw responses")]

    def __str__(self) -> str:
        return f"Crawl #{self.pk} {self.source} ({self.status})"


class AlertKind(models.TextChoices):
    DUE = "due", "Due to start"
    STALE = "stale", "Live but no events"
    OVERDUE = "overdue", "Live long past its expected end"


class MatchAlert(models.Model):
    """Something about a match staff should look at; raised and resolved by lifecycle jobs."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    detail = models.CharField(max_length=300, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "kind"],
                condition=models.Q(resolved_at__isnull=True),
                name="match_alert_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.match}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


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
