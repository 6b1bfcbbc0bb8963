"""A live-scores HTML page (a typical sports site's match list), parsed with selectolax.

The page shape this adapter understands:

    section.competition[data-competition-id]  > .competition__name
      li.fixture[data-fixture-id][data-status][data-kickoff]
        .fixture__clock                       "67'", "45+2'", "HT" (while live)
        .fixture__team--home[data-team-id], .fixture__team--away[data-team-id]
        .fixture__goals--home, .fixture__goals--away   (absent before kick-off)
        .fixture__ht                          "HT 1-0" (optional)

A page with no fixtures must say so with `.no-fixtures`; a page with neither fixtures nor
that marker is taken to be a changed layout and raises ParseError rather than reporting
an empty day.

Config keys:
    url (str, required)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from matches.feeds.errors import ParseError
from matches.feeds.records import CrawlResult, FixtureRecord, FixtureStatus
from matches.feeds.registry import register
from matches.feeds.sources.base import FeedRequest, Source, config_str, parse_utc_datetime

_STATUSES = {
    "fixture": FixtureStatus.SCHEDULED,
    "scheduled": FixtureStatus.SCHEDULED,
    "live": FixtureStatus.LIVE,
    "ht": FixtureStatus.LIVE,
    "ft": FixtureStatus.FINISHED,
    "aet": FixtureStatus.FINISHED,
    "pens": FixtureStatus.FINISHED,
    "postponed": FixtureStatus.POSTPONED,
    "cancelled": FixtureStatus.CANCELLED,
    "abandoned": FixtureStatus.CANCELLED,
    "awarded": FixtureStatus.AWARDED,
}

# Statuses in which the page must show a score.
_SCORED = frozenset({FixtureStatus.LIVE, FixtureStatus.FINISHED, FixtureStatus.AWARDED})

_HALF_TIME = re.compile(r"^HT\s*(\d+)\s*[-\u2013:]\s*(\d+)$")


@register
class HtmlScoresSource(Source):
    name = "html_scores"

    def __init__(self, config: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self.url = config_str(self.config, "url")

    def build_requests(self) -> list[FeedRequest]:
        return [FeedRequest(url=self.url, headers={"Accept": "text/html"})]

    def parse(self, body: bytes, *, url: str) -> CrawlResult:
        try:
            tree = LexborHTMLParser(body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ParseError(f"{url}: page is not UTF-8: {exc}") from exc
        fixtures = []
        for competition in tree.css("section.competition"):
            competition_id = competition.attributes.get("data-competition-id")
            competition_name = _text(competition, ".competition__name")
            if not competition_id or not competition_name:
                raise ParseError(f"{url}: a competition section has no id or name")
            season = competition.attributes.get("data-season") or None
            for index, row in enumerate(competition.css("li.fixture")):
                fixtures.append(
                    self._fixture(
                        row,
                        competition_id=competition_id,
                        competition_name=competition_name,
                        season=season,
                        url=f"{url} {competition_id} fixture[{index}]",
                    )
                )
        if not fixtures and tree.css_first(".no-fixtures") is None:
            raise ParseError(f"{url}: no fixtures and no 'no fixtures' notice; layout changed?")
        return CrawlResult(source=self.name, url=url, fixtures=tuple(fixtures), raw=body)

    def _fixture(
        self,
        row: LexborNode,
        *,
        competition_id: str,
        competition_name: str,
        season: str | None,
        url: str,
    ) -> FixtureRecord:
        attributes = row.attributes
        fixture_id = attributes.get("data-fixture-id")
        if not fixture_id:
            raise ParseError(f"{url}: fixture has no data-fixture-id")
        status_text = (attributes.get("data-status") or "").lower()
        status = _STATUSES.get(status_text)
        if status is None:
            raise ParseError(f"{url}: unknown status {status_text!r}")
        home, away = row.css_first(".fixture__team--home"), row.css_first(".fixture__team--away")
        home_name, away_name = _node_text(home), _node_text(away)
        if not home_name or not away_name:
            raise ParseError(f"{url}: fixture lacks a home or away team name")
        home_score = _goals(row, ".fixture__goals--home", url=url)
        away_score = _goals(row, ".fixture__goals--away", url=url)
        if status in _SCORED and (home_score is None or away_score is None):
            raise ParseError(f"{url}: {status_text} fixture shows no score")
        half_time = _half_time(_text(row, ".fixture__ht"), url=url)
        minute = None
        if status is FixtureStatus.LIVE:
            minute = "HT" if status_text == "ht" else _text(row, ".fixture__clock")
        return FixtureRecord(
            source=self.name,
            external_id=fixture_id,
            competition_external_id=competition_id,
            competition_name=competition_name,
            home_team_name=home_name,
            away_team_name=away_name,
            home_team_external_id=home.attributes.get("data-team-id") or None,
            away_team_external_id=away.attributes.get("data-team-id") or None,
            kickoff=parse_utc_datetime(
                attributes.get("data-kickoff"), url=url, what="data-kickoff"
            ),
            status=status,
            season=season,
            round=attributes.get("data-round") or None,
            home_score=home_score,
            away_score=away_score,
            home_score_half_time=half_time[0],
            away_score_half_time=half_time[1],
            minute=minute,
        )


def _node_text(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    text = " ".join(node.text(strip=True).split())
    return text or None


def _text(node: LexborNode, selector: str) -> str | None:
    return _node_text(node.css_first(selector))


def _goals(row: LexborNode, selector: str, *, url: str) -> int | None:
    text = _text(row, selector)
    if text is None:
        return None
    if not (text.isascii() and text.isdigit()):
        raise ParseError(f"{url}: score {text!r} is not a number")
    return int(text)


def _half_time(text: str | None, *, url: str) -> tuple[int | None, int | None]:
    if text is None:
        return None, None
    match = _HALF_TIME.match(text)
    if match is None:
        raise ParseError(f"{url}: half-time score {text!r} is not 'HT h-a'")
    return int(match.group(1)), int(match.group(2))
