from django.contrib.auth.models import AbstractUser
from django.db import models

SCORERS_GROUP = "scorers"
STAFF_GROUP = "staff"


class User(AbstractUser):
    """Custom from day one so profile fields never need a painful migration later."""

    time_zone = models.CharField(max_length=64, default="UTC")
    language = models.CharField(max_length=16, default="en")

    @property
    def is_scoring_staff(self) -> bool:
        """Staff may score any match; scorers only the matches assigned to them."""
        return self.is_superuser or self.groups.filter(name=STAFF_GROUP).exists()


class Favourite(models.Model):
    """A fan follows exactly one team, competition or match."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="favourites")
    team = models.ForeignKey("matches.Team", null=True, blank=True, on_delete=models.CASCADE)
    competition = models.ForeignKey(
        "matches.Competition", null=True, blank=True, on_delete=models.CASCADE
    )
    match = models.ForeignKey("matches.Match", null=True, blank=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(team__isnull=False, competition__isnull=True, match__isnull=True)
                    | models.Q(team__isnull=True, competition__isnull=False, match__isnull=True)
                    | models.Q(team__isnull=True, competition__isnull=True, match__isnull=False)
                ),
                name="favourite_exactly_one_target",
            ),
            models.UniqueConstraint(fields=["user", "team"], name="favourite_team_once"),
            models.UniqueConstraint(
                fields=["user", "competition"], name="favourite_competition_once"
            ),
            models.UniqueConstraint(fields=["user", "match"], name="favourite_match_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.team or self.competition or self.match}"
