from celery import shared_task

from maastricht_inclusie.celery import MAIL_RETRY


@shared_task(**MAIL_RETRY)
def send_approval_mail(organisation_id: int, recipients: list[str]) -> None:
    """Tell an organisation's members that their registration was approved."""
    from .services import send_approval

    send_approval(organisation_id, recipients)
