from django.conf import settings
from django.db import models
from django.utils import timezone


class EventSource(models.TextChoices):
    ADMIN = "admin", "Admin console"
    API = "api", "API"
    CRAWLER = "crawler", "Crawler"
    IMPORT = "import", "Import"
    WEBSOCKET = "websocket", "WebSocket"
    SYSTEM = "system", "System"
    DEMO = "demo", "Demo replay"


class MatchEvent(models.Model):
    """One entry of a match's append-only log. Undo and correction are later entries that
    point at an earlier one (`target_seq`); nothing is ever updated or deleted."""

    match = models.ForeignKey("matches.Match", on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    payload = models.JSONField(default=dict)
    target_seq = models.PositiveIntegerField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    source = models.CharField(max_length=16, choices=EventSource.choices)
    # NULL, not "", so that the partial unique constraint ignores events without a key.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    # What a keyed write asked for (scoring.services._request_digest): a retry must ask the
    # same, or it is refused instead of being answered with another request's result.
    request_digest = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["match", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["match", "seq"], name="event_seq_unique"),
            # Keys are the author's own: another user's key never answers for them. System
            # writes (no author) share one namespace. Two partial constraints rather than
            # NULLS NOT DISTINCT, which SQLite (the demo) cannot enforce.
            models.UniqueConstraint(
                fields=["match", "author", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False, author__isnull=False),
                name="event_idempotency_key_unique_per_author",
            ),
            models.UniqueConstraint(
                fields=["match", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False, author__isnull=True),
                name="event_idempotency_key_unique_for_system",
            ),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="event_seq_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"


class Scoreboard(models.Model):
    """The projection of a match's log: engine state plus the summary fans see. Updated in
    the same transaction as each append; `scoreboard_rebuild` recomputes it from the log."""

    match = models.OneToOneField(
        "matches.Match", on_delete=models.CASCADE, primary_key=True, related_name="scoreboard"
    )
    seq = models.PositiveIntegerField(default=0)
    state = models.JSONField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Scoreboard of match {self.match_id} at #{self.seq}"


class PendingBroadcast(models.Model):
    """The outbox: a committed event whose broadcast has not reached the channel layer yet.

    Written in the same transaction as the event, deleted once the broadcast is sent; rows
    left behind (Redis down, a process killed between commit and publish) are sent again,
    in seq order, by scoring.realtime.outbox.outbox_drain. Fans drop a frame they already have by
    seq, so sending twice is harmless and sending never is impossible."""

    match = models.ForeignKey("matches.Match", on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["match", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["match", "seq"], name="pending_broadcast_unique")
        ]

    def __str__(self) -> str:
        return f"Broadcast of match {self.match_id} #{self.seq} pending"
