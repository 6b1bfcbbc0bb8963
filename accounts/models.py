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
