from celery import shared_task

from maastricht_inclusie.celery import MAIL_RETRY


@shared_task(**MAIL_RETRY)
def send_letter(delivery_id: int) -> bool:
    """Mail one delivery of a letter with its PDF (run through the outbox, which retries it)."""
    from .services import send

    return send(delivery_id)
