"""The home page's favourites section: rendered for a signed-in fan, and followed live on
`user:me` with the page's own session, as static/js/live.js subscribes."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from accounts.models import Favourite
from scoring import services
from scoring.models import EventSource
from tests.factories import MatchFactory, UserFactory
from tests.realtime.conftest import connect, subscribe

SYSTEM = {"source": EventSource.SYSTEM}


def _section(html: str) -> str:
    start = html.index('data-part="favourites"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_a_signed_in_fan_gets_a_favourites_section_and_follows_user_me(client) -> None:
    followed = MatchFactory(competition__name="Cup")
    other = MatchFactory(competition__name="Shield")
    for match in (followed, other):
        services.match_transition(match_id=match.pk, to_status="live", **SYSTEM)
    fan = UserFactory()
    Favourite.objects.create(user=fan, team=followed.away_team)

    anonymous = client.get("/").content.decode()
    client.force_login(fan)
    html = client.get("/").content.decode()

    assert 'data-part="favourites"' not in anonymous
    assert "data-fan-channels" not in anonymous
    assert 'data-channels="live:all" data-fan-channels="user:me"' in html
    section = _section(html)
    assert f'data-match="{followed.pk}"' in section
    assert f'data-match="{other.pk}"' not in section
    # Inside the live fragment, so the refresh live.js does on a new favourite re-renders it.
    assert html.index('data-live-fragment="/"') < html.index('data-part="favourites"')


@pytest.mark.django_db
def test_a_fan_following_nothing_is_told_how_to(client) -> None:
    client.force_login(UserFactory())
    assert "Follow a team, competition or match" in _section(client.get("/").content.decode())


@pytest.mark.django_db(transaction=True)
async def test_the_home_page_session_hears_its_favourites_on_user_me() -> None:
    followed = await database_sync_to_async(MatchFactory)()
    other = await database_sync_to_async(MatchFactory)()
    fan = await database_sync_to_async(UserFactory)()

    def page_cookie() -> tuple[str, str]:
        Favourite.objects.create(user=fan, competition=followed.competition)
        browser = Client()
        browser.force_login(fan)
        html = browser.get("/").content.decode()
        return browser.cookies["sessionid"].value, html

    cookie, html = await database_sync_to_async(page_cookie)()
    assert 'data-fan-channels="user:me"' in html
    ws = await connect(headers=[(b"cookie", f"sessionid={cookie}".encode())])
    # As live.js does: the page's public channels, then the fan's own on their own.
    await subscribe(ws, ["live:all"])
    await subscribe(ws, ["user:me"])

    for match in (other, followed):
        await database_sync_to_async(services.match_transition)(
            match_id=match.pk, to_status="live", **SYSTEM
        )
    got = [await ws.receive_json_from(timeout=5) for _ in range(3)]

    assert sorted((f["channel"], f["match"], f["seq"]) for f in got) == sorted(
        [("live:all", other.pk, 1), ("live:all", followed.pk, 1), ("user:me", followed.pk, 1)]
    )
    assert await ws.receive_nothing(timeout=0.3)
    await ws.disconnect()
