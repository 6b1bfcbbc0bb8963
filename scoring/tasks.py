"""Celery face of the broadcast outbox (scoring/realtime/outbox.py)."""

from celery import shared_task

from scoring.realtime import outbox


@shared_task(ignore_result=True)
def broadcast_outbox_drain() -> int:
    """Resend broadcasts held while the channel layer was unreachable; safe to overlap."""
    return outbox.outbox_drain()
