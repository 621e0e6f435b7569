from celery import shared_task

from maastricht_inclusie.celery import MAIL_RETRY


@shared_task(**MAIL_RETRY)
def send_approval_mail(organisation_id: int, recipients: list[str]) -> None:
    """Tell an organisation's members that their registration was approved."""
    from .services import send_approval

    send_approval(organisation_id, recipients)


@shared_task(**MAIL_RETRY)
def send_bank_account_mail(organisation_id: int, previous: str, new: str, recipients: list[str]) -> None:
    """Tell the organisation's other members that its bank account was changed."""
    from .services import send_bank_account_changed

    send_bank_account_changed(organisation_id, previous, new, recipients)
