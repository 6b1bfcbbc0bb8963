import factory
from django.utils import timezone

from accounts.models import User
from matches.models import Competition, Match, MatchPlayer, Player, Team


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition

    name = factory.Sequence(lambda n: f"Competition {n}")
    sport = "cricket"
    season = "2026"
    rules = factory.LazyAttribute(
        lambda c: (
            {"overs_per_innings": 20, "balls_per_over": 6, "innings_per_side": 1}
            if c.sport == "cricket"
            else {"points_for_win": 3, "points_for_draw": 1}
        )
    )


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    sport = "cricket"


class PlayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Player

    name = factory.Sequence(lambda n: f"Player {n}")


class MatchFactory(factory.django.DjangoModelFactory):
    """A match with eleven players a side in its squad."""

    class Meta:
        model = Match
        skip_postgeneration_save = True

    competition = factory.SubFactory(CompetitionFactory)
    home_team = factory.SubFactory(TeamFactory, sport=factory.SelfAttribute("..competition.sport"))
    away_team = factory.SubFactory(TeamFactory, sport=factory.SelfAttribute("..competition.sport"))
    start_time = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def squads(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for side, team in (("home", self.home_team), ("away", self.away_team)):
            for order in range(11):
                player = PlayerFactory(team=team, name=f"{team.name} player {order + 1}")
                MatchPlayer.objects.create(match=self, player=player, side=side, order=order)
