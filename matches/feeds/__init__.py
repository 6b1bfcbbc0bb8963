"""Feed crawling: polite HTTP fetching, a Redis-shared rate limit, and source adapters.

Nothing here imports Django; the Celery tasks and the scoring service consume the
records in `matches.feeds.records`.
"""
