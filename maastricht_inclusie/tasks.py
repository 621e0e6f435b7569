import smtplib

from celery import shared_task
from django.contrib.sessions.models import Session
from django.db import DatabaseError
from django.utils import timezone


@shared_task
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry date; returns how many were removed."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


# A scheduled task that fails as a whole (database or mail server away) is tried again with backoff;
# the reminder rows make a retry send nothing twice.
SCHEDULED_RETRY = {
    "autoretry_for": (DatabaseError, smtplib.SMTPException, OSError),
    "retry_backoff": 60,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**SCHEDULED_RETRY)
def send_reminder_digests() -> int:
    """The daily digest of reminders for everyone who chose it."""
    from .reminders import send_digests

    return send_digests()


@shared_task(acks_late=True)
def run_export(job_id: str) -> str:
    """Write an export file. Safe to run twice: a finished job is left alone."""
    from .exports import write

    return write(job_id).state


@shared_task
def delete_expired_exports() -> int:
    """Export files live for 7 days; then file and job go."""
    from .exports import delete_expired

    return delete_expired()


# Mail after a change: queued after the commit, retried with exponential backoff (1, 2, 4 … minutes, at most
# 30 between tries, about a day in all) while the mail server is unreachable. Countdowns stay far below
# the broker's visibility timeout (an hour), so a waiting retry is never delivered twice.
MAIL_RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 60,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 50,
}
