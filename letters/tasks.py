from celery import shared_task

from maastricht_inclusie.celery import MAIL_RETRY


@shared_task(**MAIL_RETRY)
def send_letter(delivery_id: int) -> bool:
    """Mail one delivery of a letter with its PDF (run through the outbox, which retries it)."""
    from .services import send

    return send(delivery_id)


@shared_task
def make_letter_pdf(letter_id: int) -> bool:
    """Make an issued letter's PDF from its stored HTML (run through the outbox, which retries it); a letter that
    has its PDF already is left as it is."""
    from .services import make_pdf

    return bool(make_pdf(letter_id=letter_id).sha256)
