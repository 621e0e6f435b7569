from celery import shared_task

from maastricht_inclusie.celery import SCHEDULED_RETRY


@shared_task(**SCHEDULED_RETRY)
def send_reminder_digests() -> int:
    """The daily digest of reminders for everyone who chose it."""
    from .services import send_digests

    return send_digests()
