"""Small builders of real sport events for tests that exercise the scoring path."""

from matches.models import Match


def squad_ids(match: Match, side: str) -> list[int]:
    return list(match.squad.filter(side=side).order_by("order").values_list("player_id", flat=True))


def cricket_opening(match: Match) -> dict:
    home = squad_ids(match, "home")
    return {"batting": "home", "striker": home[0], "non_striker": home[1]}


def cricket_ball(match: Match, *, runs: int = 0, striker: int | None = None, **extra) -> dict:
    home, away = squad_ids(match, "home"), squad_ids(match, "away")
    return {
        "striker": striker or home[0],
        "non_striker": home[1] if (striker or home[0]) == home[0] else home[0],
        "bowler": away[10],
        "runs": runs,
        **extra,
    }
