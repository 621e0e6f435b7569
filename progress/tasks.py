"""The progress app's scheduled work: freezing the key-person network's public figures per closed quarter."""

from celery import shared_task

from maastricht_inclusie.celery import SCHEDULED_RETRY

from .figures import freeze_closed_quarters


@shared_task(**SCHEDULED_RETRY)
def freeze_network_figures() -> int:
    """Daily: the figures of a quarter that has just closed are computed once and frozen (idempotent)."""
    return len(freeze_closed_quarters())
