"""Built-in source adapters; importing this package registers them by name."""

from matches.feeds.sources import cricsheet_replay, football_data, html_scores, openfootball
from matches.feeds.sources.base import FeedRequest, Source

__all__ = [
    "FeedRequest",
    "Source",
    "cricsheet_replay",
    "football_data",
    "html_scores",
    "openfootball",
]
